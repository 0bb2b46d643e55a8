import { endUserSessions } from '@praxis/auth';
import { isNotYetEffective, type Role, type UserRow, type UserUpdate } from '@praxis/db';
import { recordActorAudit } from '../audit/audit.queries';
import { assertMayChangeEmail } from '../auth/auth.own-password';
import { queueEmailChangedNotice } from '../auth/auth.security-mails';
import { changedFields } from '../changed-fields';
import { fieldError, forbidden, isUniqueViolation, notFound } from '../errors';
import { accessChanges } from '../session-events';
import type { AuthedContext } from '../trpc';
import { TRANSITIONS } from './users.lifecycle';
import { loadWritableUser, presentUser } from './users.load';
import { lockUserById, updateUserRow } from './users.queries';
import { assertKeepsAnActiveAdmin, assertMayChangeRoles, assertMayMove, roleChange } from './users.rules';

export interface UpdateUserAccessInput {
  id: string;
  patch: UserUpdate;
  /** Becomes the user's only role. */
  role?: Role | undefined;
  /** true enables, false disables the account. */
  active?: boolean | undefined;
}

type Audit = { action: string; metadata: Record<string, unknown> };

/**
 * users.updateAccess: `users.update`, then `role` as promote + demote of every other role, then
 * `active` as enable/disable — under each action's own rules, in ONE transaction on the locked row,
 * writing the audit events each action would. Any refusal changes nothing.
 */
export async function updateUserAccess(ctx: AuthedContext, input: UpdateUserAccessInput) {
  const { actor } = ctx;
  const current = await loadWritableUser(ctx, input.id, 'users.write');
  const { patch } = input;
  await assertMayChangeEmail(ctx, current, patch.email, undefined);
  await assertMayMove(ctx.db, actor, current, patch.organizationId, 'patch.organizationId');
  if (input.role !== undefined) assertMayChangeRoles(actor, current, roleChange(current.roles, [input.role]));
  const lifecycle =
    input.active === undefined ? null : input.active ? TRANSITIONS.enable : TRANSITIONS.disable;
  if (lifecycle && 'selfRefusal' in lifecycle && current.id === actor.id)
    throw forbidden(lifecycle.selfRefusal);

  let ended: string[] = [];
  try {
    const { before, row } = await ctx.db.transaction().execute(async (tx) => {
      const now = new Date();
      const locked = await lockUserById(tx, current.id);
      if (!locked) throw notFound('User');
      // The roles removed are those of the locked row: a role added meanwhile is checked too.
      if (input.role !== undefined)
        assertMayChangeRoles(actor, locked, roleChange(locked.roles, [input.role]));
      const audits: Audit[] = [];
      let next: UserRow = locked;
      const apply = (change: UserUpdate, audit: Audit) => {
        audits.push({
          ...audit,
          metadata: { changedFields: changedFields(next, change), ...audit.metadata },
        });
        next = { ...next, ...change } as UserRow;
      };

      if (changedFields(locked, patch).length > 0) apply(patch, { action: 'users.update', metadata: {} });
      if (input.role !== undefined) {
        const role = input.role;
        if (!next.roles.includes(role)) {
          apply({ roles: [...next.roles, role] }, { action: 'users.promote', metadata: { role } });
        }
        for (const other of next.roles.filter((r) => r !== role)) {
          apply(
            { roles: next.roles.filter((r) => r !== other) },
            { action: 'users.demote', metadata: { role: other } },
          );
        }
      }
      let endsSessions = false;
      if (lifecycle) {
        const change = lifecycle.plan(next, now);
        if (change) {
          apply(change, { action: lifecycle.action, metadata: {} });
          endsSessions = 'endsSessions' in lifecycle && lifecycle.endsSessions;
        }
      }
      if (audits.length === 0) return { before: locked, row: locked };

      await assertKeepsAnActiveAdmin(tx, locked, next, now);
      // An effective date still to come keeps the user out from now on, as in users.update.
      const redates = patch.effectiveDate !== undefined && patch.effectiveDate !== locked.effectiveDate;
      if (redates && isNotYetEffective({ effectiveDate: patch.effectiveDate ?? null }, now))
        endsSessions = true;
      if (endsSessions) ended = await endUserSessions(tx, current.id);
      const combined = Object.fromEntries(
        [...new Set(audits.flatMap((a) => a.metadata.changedFields as string[]))].map((key) => [
          key,
          (next as unknown as Record<string, unknown>)[key],
        ]),
      ) as UserUpdate;
      const updated = await updateUserRow(tx, current.id, combined);
      await queueEmailChangedNotice(ctx.mailQueue, locked, updated.email);
      for (const audit of audits) {
        // The lifecycle actions record how many sessions they ended, as on their own.
        const sessions =
          audit.action === 'users.update'
            ? {}
            : { sessionsEnded: audit.action === lifecycle?.action ? ended.length : 0 };
        await recordActorAudit(tx, ctx, {
          action: audit.action,
          targetType: 'user',
          targetId: current.id,
          organizationId: updated.organizationId,
          metadata: { ...audit.metadata, ...sessions },
        });
      }
      return { before: locked, row: updated };
    });
    if (ended.length) await ctx.sessionEvents.ended(ended);
    else await ctx.sessionEvents.accessChanged(accessChanges([{ before, after: row }]));
    return presentUser(ctx, row);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw fieldError('email', 'This email is already in use', 'CONFLICT');
    }
    if (isUniqueViolation(error, 'users_username_key')) {
      throw fieldError('username', 'This username is already in use', 'CONFLICT');
    }
    throw error;
  }
}
