import { endUserSessions } from '@praxis/auth';
import { isSuspensionInForce } from '@praxis/db';
import { enqueueMail } from '@praxis/jobs';
import { AppError, fieldError, forbidden } from '../errors';
import { runTransition } from '../lifecycle';
import type { AuthedContext } from '../trpc';
import { loadWritableUser } from './users.load';
import { deleteUserRow, lockUserById } from './users.queries';
import { assertKeepsAnActiveAdmin } from './users.rules';
import { applyTransition, type Transition } from './users.transitions';

const conflict = (message: string) => new AppError('CONFLICT', message);

// Every lifecycle action is idempotent: asking for the state a user already has changes nothing,
// writes no audit event and answers the user (so bulk actions over mixed selections succeed).
export const TRANSITIONS = {
  archive: {
    action: 'users.archive',
    needs: 'users.write',
    selfRefusal: 'You cannot archive your own account',
    plan: (row, now) => (row.archivedAt ? null : { archivedAt: now }),
    endsSessions: true,
  },
  unarchive: {
    action: 'users.unarchive',
    needs: 'users.write',
    plan: (row) => (row.archivedAt ? { archivedAt: null } : null),
  },
  enable: {
    action: 'users.enable',
    needs: 'users.write',
    plan: (row, now) => {
      if (row.status === 'pending') throw conflict('This account awaits approval: approve it instead');
      if (isSuspensionInForce(row, now))
        throw conflict('This account is suspended: lift the suspension instead');
      return row.status === 'inactive' ? { status: 'active' } : null;
    },
  },
  disable: {
    action: 'users.disable',
    needs: 'users.write',
    selfRefusal: 'You cannot disable your own account',
    plan: (row) =>
      row.status === 'inactive' ? null : { status: 'inactive', suspendedUntil: null, suspensionReason: null },
    endsSessions: true,
  },
  approve: {
    action: 'users.approve',
    needs: 'users.write',
    plan: (row, now) => (row.status === 'pending' ? { status: 'active', approvedAt: now } : null),
    // The person waiting is told they may sign in (the worker drops it if they no longer can).
    alsoInTransaction: (ctx, _tx, approved) =>
      enqueueMail(
        ctx.mailQueue,
        'account-approved',
        {
          to: approved.email,
          name: `${approved.firstName} ${approved.lastName}`.trim(),
          userId: approved.id,
        },
        `${approved.id}-${approved.approvedAt?.getTime() ?? Date.now()}`,
      ),
  },
  unsuspend: {
    action: 'users.unsuspend',
    needs: 'users.write',
    plan: (row) =>
      row.status === 'suspended' ? { status: 'active', suspendedUntil: null, suspensionReason: null } : null,
  },
} satisfies Record<string, Transition>;

export type LifecycleAction = keyof typeof TRANSITIONS;

export function changeLifecycle(ctx: AuthedContext, id: string, action: LifecycleAction) {
  return applyTransition(ctx, id, TRANSITIONS[action]);
}

/** Suspends until `until` (then active again without any job running) or until lifted. */
export function suspendUser(
  ctx: AuthedContext,
  input: { id: string; until?: { at: Date } | undefined; reason?: string | undefined },
) {
  const until = input.until?.at ?? null;
  if (until && until.getTime() <= Date.now())
    throw fieldError('until', 'The end of a suspension lies in the future');
  const reason = input.reason || null;
  return applyTransition(ctx, input.id, {
    action: 'users.suspend',
    needs: 'users.write',
    selfRefusal: 'You cannot suspend your own account',
    plan: (row) => {
      if (row.status === 'inactive')
        throw conflict('This account is disabled: a suspension would not change that');
      if (row.status === 'pending') throw conflict('This account awaits approval and cannot sign in yet');
      const same =
        row.status === 'suspended' &&
        (row.suspendedUntil?.getTime() ?? null) === (until?.getTime() ?? null) &&
        row.suspensionReason === reason;
      return same ? null : { status: 'suspended', suspendedUntil: until, suspensionReason: reason };
    },
    endsSessions: true,
    metadata: { until: until?.toISOString() ?? null },
  });
}

/** Permanent delete (admin only). The audit log keeps the id; sessions and secrets go with the row. */
export async function deleteUser(ctx: AuthedContext, id: string) {
  await runTransition(ctx, {
    what: 'User',
    load: async () => {
      const current = await loadWritableUser(ctx, id, 'users.delete');
      if (current.id === ctx.actor.id) throw forbidden('You cannot delete your own account');
      return current;
    },
    lock: (tx) => lockUserById(tx, id),
    plan: () => ({ deletes: true }),
    guard: (tx, locked, _deletion, now) => assertKeepsAnActiveAdmin(tx, locked, null, now),
    endSessions: (tx) => endUserSessions(tx, id),
    write: async (tx, locked) => {
      await deleteUserRow(tx, id);
      return locked;
    },
    audit: ({ before, sessionsEnded }) => ({
      action: 'users.delete',
      targetType: 'user',
      targetId: id,
      organizationId: before.organizationId,
      metadata: { roles: before.roles, sessionsEnded },
    }),
  });
  return { ok: true as const };
}
