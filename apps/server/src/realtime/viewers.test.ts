import type { Role } from '@praxis/db';
import type { Actor } from '@praxis/policy';
import { updateRoomsFor } from '@praxis/presence';
import { describe, expect, it } from 'vitest';
import { snapshotFor, viewerRoomsOf } from './viewers';

// Who sees whose presence, from the contract's Roles table: admin and support see everyone;
// client admins and supervisors their own organisation; the other roles nobody.
const SEES: Record<Role, 'all' | 'own' | 'none'> = {
  admin: 'all',
  support: 'all',
  client_admin: 'own',
  supervisor: 'own',
  provider: 'none',
  staff: 'none',
  billing: 'none',
  parent: 'none',
};
const EXPECTED = {
  all: { own: true, other: true, none: true },
  own: { own: true, other: false, none: false },
  none: { own: false, other: false, none: false },
};
const USERS_OF = { own: 'org-a', other: 'org-b', none: null } as const;

describe('who hears whose presence', () => {
  it.each(Object.entries(SEES) as Array<[Role, keyof typeof EXPECTED]>)(
    '%s: the rooms it joins, the updates it hears and its snapshot agree with the Roles table',
    (role, sees) => {
      const actor: Actor = { id: 'viewer', roles: [role], organizationId: 'org-a' };
      const rooms = viewerRoomsOf(actor);
      const heard = Object.fromEntries(
        Object.entries(USERS_OF).map(([key, organizationId]) => [
          key,
          updateRoomsFor(organizationId).some((room) => rooms.includes(room)),
        ]),
      );
      expect(heard).toEqual(EXPECTED[sees]);

      const snapshot = snapshotFor(actor, {
        seq: 1,
        users: Object.entries(USERS_OF).map(([key, organizationId]) => ({
          userId: key,
          organizationId,
          lastActivity: null,
        })),
      });
      const inSnapshot = Object.fromEntries(
        Object.keys(USERS_OF).map((key) => [key, snapshot.users.some((user) => user.userId === key)]),
      );
      expect(inSnapshot).toEqual(EXPECTED[sees]);
    },
  );

  it('a client admin without an organisation hears nobody', () => {
    expect(viewerRoomsOf({ id: 'viewer', roles: ['client_admin'], organizationId: null })).toEqual([]);
  });
});
