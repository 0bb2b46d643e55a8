import { loadConfig } from '@praxis/config';
import { POLICY } from '@praxis/policy';
import { ROLE_VALUES } from '@praxis/validators';
import { describe, expect, it } from 'vitest';

describe('roles', () => {
  it('the policy names only known roles', () => {
    for (const grants of Object.values(POLICY)) {
      for (const role of Object.keys(grants)) expect(ROLE_VALUES).toContain(role);
    }
  });

  it('REQUIRE_2FA_ROLES knows exactly the roles a user can hold', () => {
    expect(loadConfig({ REQUIRE_2FA_ROLES: ROLE_VALUES.join(',') }).requireTwoFactorRoles).toEqual([
      ...ROLE_VALUES,
    ]);
    expect(() => loadConfig({ REQUIRE_2FA_ROLES: 'clinical' })).toThrow(/REQUIRE_2FA_ROLES/);
  });
});
