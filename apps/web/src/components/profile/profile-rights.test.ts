import { describe, expect, it } from 'vitest';
import { profileRights } from './profile-rights';

const org = '00000000-0000-4000-8000-0000000000aa';
const owner = { id: 'u-owner', organizationId: org, isOrgAdmin: false, role: 'provider' };

describe('profileRights', () => {
  it('a provider on their own profile changes no account or role field', () => {
    const rights = profileRights({ id: 'u-owner', roles: ['provider'], organizationId: org }, owner);
    expect(rights).toMatchObject({ self: true, move: false, orgAdmin: false, changeRole: false });
    expect(rights.roles).toEqual(['provider']);
    expect(rights.listOrganizations).toBe(false);
  });

  it('an admin moves the user, grants client admin and picks any professional role', () => {
    const rights = profileRights({ id: 'u-admin', roles: ['admin'], organizationId: null }, owner);
    expect(rights).toMatchObject({ self: false, move: true, orgAdmin: true, changeRole: true });
    expect(rights.roles).toEqual(['provider', 'supervisor', 'staff', 'billing', 'parent']);
    expect(rights.listOrganizations).toBe(true);
  });

  it('nobody takes client admin from themselves', () => {
    const self = { id: 'u-admin', roles: ['admin' as const, 'client_admin' as const], organizationId: org };
    expect(profileRights(self, { ...owner, id: 'u-admin', isOrgAdmin: true }).orgAdmin).toBe(false);
    expect(profileRights(self, { ...owner, id: 'u-admin', isOrgAdmin: false }).orgAdmin).toBe(true);
  });
});
