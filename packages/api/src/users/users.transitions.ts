import { endUserSessions } from '@praxis/auth';
import type { UserRow, UserUpdate } from '@praxis/db';
import type { Action } from '@praxis/policy';
import { recordActorAudit } from '../audit/audit.queries';
import type { AuthedContext } from '../auth/auth.types';
import { forbidden, notFound } from '../errors';
import { assertCan } from '../policy-guard';
import { accessChanges } from '../session-events';
import { changedFields } from './user-state';
import { assertKeepsAnActiveAdmin, assertMayChangeHolder } from './users.account-rules';
import { lockUserById, updateUserRow } from './users.queries';
import { loadReadableUser, presentUser } from './users.service';

/** A change of one user's state (lifecycle or roles), described as data and applied by `applyTransition`. */
export interface Transition {
  /** Audit action, e.g. `users.archive`. */
  action: string;
  /** Policy action the caller needs on the user's organisation. */
  needs: Action;
  /** Extra permission check on the loaded row (e.g. may this role be granted). */
  authorize?: (ctx: AuthedContext, row: UserRow) => void;
  /** Refusal when the target is the caller (nobody archives, disables or suspends themselves). */
  selfRefusal?: string;
  /** The patch to apply, or null when the user already is in that state (the call is a no-op). */
  plan: (row: UserRow, now: Date) => UserUpdate | null;
  /** The change locks the user out: end their sessions in the same transaction. */
  endsSessions?: boolean;
  metadata?: Record<string, unknown>;
}

/** Loads a user the caller may change, or NOT_FOUND / FORBIDDEN as the policy says. */
export async function loadWritableUser(ctx: AuthedContext, id: string, needs: Action): Promise<UserRow> {
  const row = await loadReadableUser(ctx, id);
  assertCan(ctx.actor, needs, row, 'users.read', 'User');
  assertMayChangeHolder(ctx.actor, row);
  return row;
}

/**
 * Checks and applies one transition in one transaction: the row is locked, the rule re-checked on
 * the locked row, sessions ended when the change locks the user out, the audit event appended.
 * Once it committed, realtime connections of ended sessions are closed, and those of a user whose
 * roles changed take the new rights.
 */
export async function applyTransition(ctx: AuthedContext, id: string, transition: Transition) {
  const current = await loadWritableUser(ctx, id, transition.needs);
  transition.authorize?.(ctx, current);
  if (transition.selfRefusal && current.id === ctx.actor.id) throw forbidden(transition.selfRefusal);
  const { row, before, endedSessions } = await ctx.db.transaction().execute(async (tx) => {
    const now = new Date();
    const locked = await lockUserById(tx, id);
    if (!locked) throw notFound('User');
    const patch = transition.plan(locked, now);
    if (!patch) return { row: locked, before: locked, endedSessions: [] };
    await assertKeepsAnActiveAdmin(tx, locked, { ...locked, ...patch } as UserRow, now);
    const updated = await updateUserRow(tx, id, patch);
    const ended = transition.endsSessions ? await endUserSessions(tx, id) : [];
    await recordActorAudit(tx, ctx, {
      action: transition.action,
      targetType: 'user',
      targetId: id,
      organizationId: updated.organizationId,
      metadata: {
        changedFields: changedFields(locked, patch),
        ...transition.metadata,
        sessionsEnded: ended.length,
      },
    });
    return { row: updated, before: locked, endedSessions: ended };
  });
  if (endedSessions.length) await ctx.sessionEvents.ended(endedSessions);
  else await ctx.sessionEvents.accessChanged(accessChanges([{ before, after: row }]));
  return presentUser(ctx, row);
}
