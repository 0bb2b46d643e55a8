import { ROLES } from '@praxis/db';
import { POLICY } from '@praxis/policy';
import { ROLE_VALUES } from '@praxis/validators';
import { describe, expect, it } from 'vitest';

describe('roles', () => {
  it('are the same list in the database types and in the validators the web app uses', () => {
    expect([...ROLE_VALUES]).toEqual([...ROLES]);
  });

  it('the policy names only known roles', () => {
    for (const grants of Object.values(POLICY)) {
      for (const role of Object.keys(grants)) expect(ROLES).toContain(role);
    }
  });
});
