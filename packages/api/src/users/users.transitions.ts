import { endUserSessions } from '@praxis/auth';
import type { Executor, UserRow, UserUpdate } from '@praxis/db';
import type { Action } from '@praxis/policy';
import { changedFields } from '../changed-fields';
import { forbidden } from '../errors';
import { runTransition } from '../lifecycle';
import { accessChanges } from '../session-events';
import type { AuthedContext } from '../trpc';
import { loadWritableUser, presentUser } from './users.load';
import { lockUserById, updateUserRow } from './users.queries';
import { assertKeepsAnActiveAdmin } from './users.rules';

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
  /** More work of the change, in its transaction after the write (e.g. queue a mail about it). */
  alsoInTransaction?: (ctx: AuthedContext, tx: Executor, updated: UserRow) => Promise<void>;
  /** The change locks the user out: end their sessions in the same transaction. */
  endsSessions?: boolean;
  metadata?: Record<string, unknown>;
}

/** Loads the user the caller may change this way, and refuses a change of one's own account. */
async function loadForTransition(ctx: AuthedContext, id: string, transition: Transition) {
  const current = await loadWritableUser(ctx, id, transition.needs);
  transition.authorize?.(ctx, current);
  if (transition.selfRefusal && current.id === ctx.actor.id) throw forbidden(transition.selfRefusal);
  return current;
}

/**
 * Checks and applies one transition in one transaction (`runTransition`): the row is locked, the
 * last-admin rule checked on the locked row, sessions ended when the change locks the user out, the
 * audit event appended. Once it committed, realtime connections of ended sessions are closed, and
 * those of a user whose roles changed take the new rights.
 */
export async function applyTransition(ctx: AuthedContext, id: string, transition: Transition) {
  const { row } = await runTransition<UserRow, UserUpdate>(ctx, {
    what: 'User',
    load: () => loadForTransition(ctx, id, transition),
    lock: (tx) => lockUserById(tx, id),
    plan: transition.plan,
    guard: (tx, locked, patch, now) =>
      assertKeepsAnActiveAdmin(tx, locked, { ...locked, ...patch } as UserRow, now),
    write: async (tx, _locked, patch) => {
      const updated = await updateUserRow(tx, id, patch);
      await transition.alsoInTransaction?.(ctx, tx, updated);
      return updated;
    },
    ...(transition.endsSessions ? { endSessions: (tx) => endUserSessions(tx, id) } : {}),
    audit: ({ before, after, patch, sessionsEnded }) => ({
      action: transition.action,
      targetType: 'user',
      targetId: id,
      organizationId: after.organizationId,
      metadata: { changedFields: changedFields(before, patch), ...transition.metadata, sessionsEnded },
    }),
    afterCommit: ({ before, row: after }) =>
      ctx.sessionEvents.accessChanged(accessChanges([{ before, after }])),
  });
  return presentUser(ctx, row);
}
