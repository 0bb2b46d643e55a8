import { describe, expect, it } from 'vitest';
import { grantableRoles } from './invite-dialog';

const ORG = 'org-1';

describe('grantableRoles', () => {
  it('offers an admin every role, anywhere', () => {
    expect(grantableRoles({ id: 'a', roles: ['admin'], organizationId: null }, ORG)).toContain('admin');
    expect(grantableRoles({ id: 'a', roles: ['admin'], organizationId: null }, null)).toHaveLength(8);
  });

  it('offers a client admin the unprivileged roles in their own organisation only', () => {
    const clientAdmin = { id: 'c', roles: ['client_admin'] as const, organizationId: ORG };
    expect(grantableRoles(clientAdmin, ORG)).toEqual([
      'client_admin',
      'supervisor',
      'provider',
      'staff',
      'billing',
      'parent',
    ]);
    expect(grantableRoles(clientAdmin, 'org-2')).toEqual([]);
  });

  it('offers readers nothing', () => {
    expect(grantableRoles({ id: 's', roles: ['supervisor', 'support'], organizationId: ORG }, ORG)).toEqual(
      [],
    );
  });
});
