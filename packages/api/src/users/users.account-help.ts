import { accessBlock } from '@praxis/auth';
import { enqueueTwoFactorDisabledMail } from '@praxis/jobs';
import { recordActorAudit } from '../audit/audit.queries';
import { issuePasswordLink } from '../auth/auth.password-links';
import { findSignInCandidate } from '../auth/auth.queries';
import { clearAccountLockout, clearTwoFactor } from '../auth/auth.recovery';
import { AppError, forbidden, notFound } from '../errors';
import type { AuthedContext } from '../trpc';
import { loadWritableUser, presentUser } from './users.load';

// Help for a locked-out person, by someone who may write their account (users.write through the
// policy: admins anywhere but on admins' accounts, client admins in their organisation). Each
// call is audited with the actor and the target.

/**
 * users.resetTwoFactor: turns the user's second factors off (answers the User, whose
 * `email2faEnabled` shows it). Not on one's own account: that goes through auth.setEmail2fa,
 * which asks for the password.
 */
export async function resetTwoFactor(ctx: AuthedContext, id: string) {
  const target = await loadWritableUser(ctx, id, 'users.write');
  if (target.id === ctx.actor.id) {
    throw forbidden('Turn your own two-factor sign-in off in your account settings');
  }
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const methodsCleared = await clearTwoFactor(tx, target);
    await recordActorAudit(tx, ctx, {
      action: 'users.reset_two_factor',
      targetType: 'user',
      targetId: target.id,
      organizationId: target.organizationId,
      metadata: { methodsCleared },
    });
    if (methodsCleared.length > 0) {
      await enqueueTwoFactorDisabledMail(ctx.mailQueue, {
        to: target.email,
        name: `${target.firstName} ${target.lastName}`.trim(),
        method: 'all',
        change: 'reset',
      });
    }
    return tx.selectFrom('users').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
  });
  return presentUser(ctx, updated);
}

/** users.clearLockout: the account may try to sign in again at once (answers `{ok:true}`). */
export async function clearLockout(ctx: AuthedContext, id: string) {
  const target = await loadWritableUser(ctx, id, 'users.write');
  await clearAccountLockout(ctx.rateLimits, target);
  await recordActorAudit(ctx.db, ctx, {
    action: 'users.clear_lockout',
    targetType: 'user',
    targetId: target.id,
    organizationId: target.organizationId,
  });
  return { ok: true as const };
}

/**
 * users.sendPasswordReset: queues the mail auth.requestPasswordReset sends, to the user's address
 * (answers `{ok:true}`). An account that could not sign in with a new password (pending, disabled,
 * suspended, archived, not yet effective, inactive organisation) is refused with CONFLICT, saying
 * why, where the public request would silently send nothing.
 */
export async function sendPasswordReset(ctx: AuthedContext, id: string) {
  const target = await loadWritableUser(ctx, id, 'users.write');
  const candidate = await findSignInCandidate(ctx.db, { id: target.id });
  if (!candidate) throw notFound('User');
  const block = accessBlock(candidate.user, candidate.organization);
  if (block) {
    throw new AppError(
      'CONFLICT',
      `This account cannot sign in (${block.replaceAll('_', ' ')}): a reset link would not help`,
    );
  }
  await ctx.rateLimits.consume('mailsPerAccount', target.email);
  await ctx.db.transaction().execute(async (tx) => {
    await recordActorAudit(tx, ctx, {
      action: 'users.password_reset_sent',
      targetType: 'user',
      targetId: target.id,
      organizationId: target.organizationId,
    });
    await issuePasswordLink(tx, ctx.mailQueue, candidate, 'reset');
  });
  return { ok: true as const };
}
