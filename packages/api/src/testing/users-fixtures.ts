import { createTestOrg, createTestUser } from '@praxis/db/testing';
import type { ApiDeps } from '../deps';
import { callerFor, signedIn } from './callers';

// Set-ups shared by the users tests (lifecycle, roles, bulk, sessions).

/** A signed-in client admin of a new organisation, and a way to add members to it. */
export async function clientAdminWithMembers(deps: ApiDeps) {
  const org = await createTestOrg(deps.db);
  const { user } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId: org.id });
  const member = (extra: Parameters<typeof createTestUser>[1] = {}) =>
    createTestUser(deps.db, { organizationId: org.id, ...extra }).then((r) => r.user);
  return { org, me: user, member, ...(await signedIn(deps, user)) };
}

/** The audit actions recorded on a target, oldest first. */
export async function auditActionsOn(db: ApiDeps['db'], targetId: string) {
  const events = await db
    .selectFrom('auditEvents')
    .select('action')
    .where('targetId', '=', targetId)
    .orderBy('createdAt')
    .execute();
  return events.map((e) => e.action);
}

/** True when the caller signed in with `token` is still signed in. */
export function isStillSignedIn(deps: ApiDeps, token: string) {
  return callerFor(deps, { token })
    .caller.auth.me()
    .then(
      () => true,
      () => false,
    );
}
