import type { UserRow } from '@praxis/db';
import type { Action } from '@praxis/policy';
import type { Context } from '../context';
import { notFound } from '../errors';
import { patientsOfUsers } from '../patients/patients.queries';
import { assertCan } from '../policy-guard';
import { unlessPresenceUnknown } from '../presence-reader';
import type { AuthedContext } from '../trpc';
import { toUser } from './users.mapper';
import { findOrganizationSummary, findUserById } from './users.queries';
import { assertMayChangeHolder } from './users.rules';

// Loading a user for a procedure (with the permission it needs) and answering one: every users
// service starts and ends here, so none of them imports another to do it.

/** Loads a user the actor may read, or NOT_FOUND (also when it exists in an organisation they cannot see). */
export async function loadReadableUser(ctx: AuthedContext, id: string): Promise<UserRow> {
  const row = await findUserById(ctx.db, id);
  if (!row) throw notFound('User');
  assertCan(ctx.actor, 'users.read', row, 'users.read', 'User');
  return row;
}

/** Loads a user the caller may change, or NOT_FOUND / FORBIDDEN as the policy says. */
export async function loadWritableUser(ctx: AuthedContext, id: string, needs: Action): Promise<UserRow> {
  const row = await loadReadableUser(ctx, id);
  assertCan(ctx.actor, needs, row, 'users.read', 'User');
  assertMayChangeHolder(ctx.actor, row);
  return row;
}

/** The User shape of a row, with its organisation and presence. */
export async function presentUser(ctx: Pick<Context, 'db' | 'presence' | 'logger'>, row: UserRow) {
  const [organization, online, patients] = await Promise.all([
    findOrganizationSummary(ctx.db, row.organizationId),
    unlessPresenceUnknown(ctx.presence.onlineAmong([row.id]), ctx.logger),
    patientsOfUsers(ctx.db, [row.id]),
  ]);
  return toUser(
    row,
    organization,
    { isOnline: online ? online.has(row.id) : null, lastActivity: row.lastActivity },
    undefined,
    patients.get(row.id),
  );
}
