import { type Executor, isActiveAdmin, type Role, type UserRow } from '@praxis/db';
import { type Actor, can, canGrantRole, PRIVILEGED_ROLES } from '@praxis/policy';
import { AppError, fieldError, forbidden } from '../errors';
import { countOtherActiveAdmins, findOrganizationSummary } from './users.queries';

// The rules about a user's account that hold whichever path writes the row: users.update,
// promote/demote and the lifecycle transitions, and profiles.upsert. A new write path calls these
// (a rule has one home), it never re-states them.

/**
 * Holder rule: only those who may grant a privileged role (admin, support) may change an account
 * holding one, so a clinic's client admin cannot take over or lock out a platform admin.
 */
export function assertMayChangeHolder(actor: Actor, row: Pick<UserRow, 'roles' | 'organizationId'>): void {
  for (const role of row.roles) {
    if (PRIVILEGED_ROLES.includes(role) && !canGrantRole(actor, role, row)) {
      throw forbidden(`Only an admin may change an account with the role ${role}`);
    }
  }
}

/** Roles nobody removes from themselves: they would lose the right to give them back. */
const SELF_KEPT_ROLES: readonly Role[] = ['admin', 'client_admin'];

/**
 * Grant rule and self rule: the actor may add and remove each of these roles for a user of each of
 * the organisations (the user's, and the destination of a move), and removes no admin role of
 * their own.
 */
export function assertMayChangeRoles(
  actor: Actor,
  user: Pick<UserRow, 'id' | 'organizationId'>,
  change: { added: readonly Role[]; removed: readonly Role[] },
  organizationIds: readonly (string | null)[] = [user.organizationId],
): void {
  for (const role of [...change.added, ...change.removed]) {
    for (const organizationId of organizationIds) {
      if (!canGrantRole(actor, role, { organizationId }))
        throw forbidden(`You may not grant or remove the role ${role}`);
    }
  }
  if (user.id !== actor.id) return;
  const kept = change.removed.find((role) => SELF_KEPT_ROLES.includes(role));
  if (kept) throw forbidden(`You cannot remove your own ${kept} role`);
}

/** The roles added and removed going from one set to another. */
export function roleChange(from: readonly Role[], to: readonly Role[]) {
  return {
    added: to.filter((role) => !from.includes(role)),
    removed: from.filter((role) => !to.includes(role)),
  };
}

/**
 * Move rule: moving a user to another organisation takes the right to write users both where they
 * are and where they go, and the destination must exist (`field` names it in the error).
 */
export async function assertMayMove(
  db: Executor,
  actor: Actor,
  user: Pick<UserRow, 'organizationId'>,
  organizationId: string | null | undefined,
  field: string,
): Promise<void> {
  if (organizationId === undefined || organizationId === user.organizationId) return;
  if (!can(actor, 'users.write', user)) throw forbidden('You may not move this user to another organisation');
  if (!can(actor, 'users.write', { organizationId }))
    throw forbidden('You may not move users into that organisation');
  if (organizationId && !(await findOrganizationSummary(db, organizationId))) {
    throw fieldError(field, 'No such organisation');
  }
}

export const lastAdminConflict = () =>
  new AppError('CONFLICT', 'This is the last active admin: make someone else an admin first');

/**
 * Last-admin rule, inside the writing transaction on the locked row: a change that leaves no
 * effectively active admin (after: null for a deletion) is CONFLICT.
 */
export async function assertKeepsAnActiveAdmin(
  tx: Executor,
  before: UserRow,
  after: UserRow | null,
  now: Date,
): Promise<void> {
  const organization = await findOrganizationSummary(tx, before.organizationId);
  if (!isActiveAdmin(before, organization, now)) return;
  if (after) {
    const moved = after.organizationId !== before.organizationId;
    const organizationAfter = moved ? await findOrganizationSummary(tx, after.organizationId) : organization;
    if (isActiveAdmin(after, organizationAfter, now)) return;
  }
  if ((await countOtherActiveAdmins(tx, before.id, now)) === 0) throw lastAdminConflict();
}
