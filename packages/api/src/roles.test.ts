import { POLICY } from '@praxis/policy';
import { ROLE_VALUES } from '@praxis/validators';
import { describe, expect, it } from 'vitest';

describe('roles', () => {
  it('the policy names only known roles', () => {
    for (const grants of Object.values(POLICY)) {
      for (const role of Object.keys(grants)) expect(ROLE_VALUES).toContain(role);
    }
  });
});
