import { accessBlock, sha256Hex } from '@praxis/auth';
import { enqueueSecurityNotice } from '@praxis/jobs';
import { canImpersonate } from '@praxis/policy';
import { recordActorAudit } from '../audit/audit.queries';
import { AppError, forbidden, notFound } from '../errors';
import { assertNotImpersonating } from '../impersonation-guard';
import type { AuthedContext } from '../trpc';
import { findUserById } from '../users/users.queries';
import { findSignInCandidate } from './auth.queries';

/** An impersonation session lasts at most this long, whatever the activity. */
export const IMPERSONATION_TTL_MS = 60 * 60 * 1000;

const displayName = (user: { firstName: string; lastName: string; email: string }) =>
  `${user.firstName} ${user.lastName}`.trim() || user.email;

/**
 * auth.impersonate: a new session of `userId` for the caller (admins: anyone but admins; support:
 * anyone but admins and support), ending one hour from now. Audited with the reason, mailed to
 * the user. A browser (session cookie) is switched to it at once; its own session is kept in a
 * second HttpOnly cookie for auth.stopImpersonating to restore.
 */
export async function impersonate(ctx: AuthedContext, input: { userId: string; reason: string }) {
  assertNotImpersonating(ctx);
  const candidate = await findSignInCandidate(ctx.db, { id: input.userId });
  if (!candidate) throw notFound('User');
  const { user: target, organization } = candidate;
  if (!canImpersonate(ctx.actor, target)) {
    throw forbidden(
      target.id === ctx.actor.id ? 'You cannot impersonate yourself' : 'You may not sign in as this user',
    );
  }
  const block = accessBlock(target, organization);
  if (block) {
    throw new AppError(
      'CONFLICT',
      `This account cannot sign in (${block.replaceAll('_', ' ')}), so it cannot be impersonated.`,
    );
  }
  await ctx.rateLimits.consume('impersonationsPerActor', ctx.actor.id);
  const impersonator = ctx.session.user;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + IMPERSONATION_TTL_MS);
  const session = await ctx.db.transaction().execute(async (tx) => {
    const created = await ctx.sessions.createImpersonation(tx, {
      userId: target.id,
      impersonatorId: impersonator.id,
      reason: input.reason,
      expiresAt,
      ip: ctx.req.ip,
      userAgent: ctx.req.userAgent,
    });
    await recordActorAudit(tx, ctx, {
      action: 'auth.impersonation_started',
      targetType: 'user',
      targetId: target.id,
      organizationId: target.organizationId,
      metadata: { reason: input.reason, sessionId: created.publicId, expiresAt: expiresAt.toISOString() },
    });
    await enqueueSecurityNotice(
      ctx.mailQueue,
      'impersonation-started',
      {
        to: target.email,
        name: `${target.firstName} ${target.lastName}`.trim(),
        impersonatorName: displayName(impersonator),
        impersonatorEmail: impersonator.email,
        reason: input.reason,
        expiresAt: expiresAt.toISOString(),
        at: now.toISOString(),
      },
      created.publicId,
    );
    return created;
  });
  if (viaCookie(ctx)) {
    ctx.req.resHeaders.append('set-cookie', ctx.sessions.impersonatorCookie(ctx.session.token));
    ctx.req.resHeaders.append('set-cookie', session.cookie);
  }
  return { token: session.token, expiresAt: session.expiresAt };
}

/**
 * auth.stopImpersonating: ends the impersonation session it is called with. A browser gets its
 * impersonator's own session back (from the cookie impersonate kept) when it is still valid.
 */
export async function stopImpersonating(ctx: AuthedContext) {
  const { impersonatorId, impersonationReason, publicId, token } = ctx.session;
  if (!impersonatorId) throw new AppError('CONFLICT', 'This session is not an impersonation');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').where('id', '=', sha256Hex(token)).execute();
    await recordActorAudit(tx, ctx, {
      action: 'auth.impersonation_ended',
      targetType: 'user',
      targetId: ctx.actor.id,
      organizationId: ctx.actor.organizationId,
      metadata: { reason: impersonationReason, sessionId: publicId },
    });
  });
  await ctx.sessionEvents.ended([publicId]);
  if (viaCookie(ctx)) {
    const ownToken = ctx.sessions.readImpersonatorCookie(ctx.req.cookie);
    const own = ownToken ? await ctx.sessions.validate(ownToken) : null;
    const restored = own && own.user.id === impersonatorId && !own.impersonatorId;
    ctx.req.resHeaders.append('set-cookie', ctx.sessions.impersonatorCookie(null));
    ctx.req.resHeaders.append(
      'set-cookie',
      restored && ownToken ? ctx.sessions.cookie(ownToken) : ctx.sessions.blankCookie(),
    );
  }
  return { ok: true as const };
}

/** auth.me's `impersonatedBy`: who opened this session, or null for the user's own. */
export async function impersonatedBy(ctx: AuthedContext) {
  const { impersonatorId } = ctx.session;
  if (!impersonatorId) return null;
  const impersonator = await findUserById(ctx.db, impersonatorId);
  return impersonator ? { id: impersonator.id, email: impersonator.email } : null;
}

function viaCookie(ctx: AuthedContext) {
  return (
    ctx.sessions.readToken({ cookie: ctx.req.cookie, authorization: ctx.req.authorization })?.via === 'cookie'
  );
}
