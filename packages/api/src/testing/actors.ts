import type { Role } from '@praxis/db';
import type { Actor } from '@praxis/policy';
import { createTestOrg, createTestUser } from '@praxis/vitest';
import type { ApiDeps } from '../deps';
import { callerFor, signedIn } from './index';

/** Everyone the permission matrix runs as: each role in organisation A, a client admin of B, and nobody. */
export const MATRIX_ACTORS = [
  'admin',
  'client_admin',
  'client_admin_other_org',
  'supervisor',
  'support',
  'staff',
  'provider',
  'billing',
  'parent',
  'signed_out',
] as const;
export type MatrixActorName = (typeof MATRIX_ACTORS)[number];

/** Two fresh organisations and a signed-in caller per matrix actor (the admin also lives in A). */
export async function createMatrixActors(deps: ApiDeps) {
  const orgA = await createTestOrg(deps.db, { name: 'Org A' });
  const orgB = await createTestOrg(deps.db, { name: 'Org B' });
  const entries = await Promise.all(
    MATRIX_ACTORS.map(async (name) => {
      if (name === 'signed_out') return [name, { actor: null, ...callerFor(deps) }] as const;
      const role: Role = name === 'client_admin_other_org' ? 'client_admin' : name;
      const organizationId = name === 'client_admin_other_org' ? orgB.id : orgA.id;
      const { user } = await createTestUser(deps.db, { roles: [role], organizationId });
      const actor: Actor = { id: user.id, roles: user.roles, organizationId: user.organizationId };
      return [name, { actor, user, ...(await signedIn(deps, user)) }] as const;
    }),
  );
  return {
    orgA,
    orgB,
    actors: Object.fromEntries(entries) as Record<MatrixActorName, (typeof entries)[number][1]>,
  };
}
