import { accessBlock, endUserSessions, hashPassword, sha256Hex } from '@praxis/auth';
import { enqueueTwoFactorDisabledMail } from '@praxis/jobs';
import { recordAudit, recordOwnAccountAudit } from '../audit/audit.queries';
import type { Context } from '../context';
import { fieldError, notFound } from '../errors';
import type { AuthedContext } from '../trpc';
import { toUser } from '../users/users.mapper';
import { findOrganizationSummary } from '../users/users.queries';
import { mustChangePassword, mustEnrollTwoFactor } from './auth.gate';
import { impersonatedBy, stopImpersonating } from './auth.impersonation';
import { assertOwnPassword } from './auth.own-password';
import { issuePasswordLink } from './auth.password-links';
import { assertAcceptablePassword } from './auth.password-rule';
import {
  deleteSessionByPublicId,
  emailConfirmedNow,
  findSignInCandidate,
  findUsablePasswordToken,
  listSessionViews,
  usePasswordToken,
} from './auth.queries';
import { queuePasswordChangedNotice } from './auth.security-mails';
import { twoFactorMethods } from './auth.two-factor.queries';

export async function me(ctx: AuthedContext) {
  const { user, organization, expiresAt } = ctx.session;
  return {
    ...toUser(user, organization),
    sessionExpiresAt: expiresAt,
    twoFactorMethods: await twoFactorMethods(ctx.db, user, ctx.session.totpEnabled),
    impersonatedBy: await impersonatedBy(ctx),
    mustChangePassword: mustChangePassword(user),
    mustEnrollTwoFactor: mustEnrollTwoFactor(ctx.session, ctx.config.requireTwoFactorRoles),
  };
}

export async function logout(ctx: AuthedContext) {
  // Signing out of an impersonation ends it as "Stop impersonating" does (a browser gets its
  // impersonator's own session back).
  if (ctx.session.impersonatorId) return stopImpersonating(ctx);
  await ctx.sessions.invalidate(ctx.session.token);
  await audit(ctx, 'auth.logout');
  await ctx.sessionEvents.ended([ctx.session.publicId]);
  ctx.req.resHeaders.append('set-cookie', ctx.sessions.blankCookie());
  return { ok: true as const };
}

export async function logoutAll(ctx: AuthedContext) {
  const ended = await endUserSessions(ctx.db, ctx.actor.id);
  await audit(ctx, 'auth.logout_all', { sessionsEnded: ended.length });
  await ctx.sessionEvents.ended(ended);
  ctx.req.resHeaders.append('set-cookie', ctx.sessions.blankCookie());
  return { ok: true as const };
}

export async function changePassword(
  ctx: AuthedContext,
  input: { currentPassword: string; newPassword: string },
) {
  const { user } = ctx.session;
  await assertAcceptablePassword(input.newPassword, user, 'newPassword');
  await assertOwnPassword(ctx, input.currentPassword, 'currentPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const ended = await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ passwordHash, firstTimeLogin: false, updatedAt: new Date() })
      .where('id', '=', user.id)
      .execute();
    const endedIds = await endUserSessions(tx, user.id, ctx.session.token);
    await audit(ctx, 'auth.password_changed', { otherSessionsEnded: endedIds.length }, tx);
    await queuePasswordChangedNotice(ctx.mailQueue, user);
    return endedIds;
  });
  await ctx.sessionEvents.ended(ended);
  return { ok: true as const };
}

export async function requestPasswordReset(ctx: Context, input: { email: string }) {
  await ctx.rateLimits.consume('mailsPerIp', ctx.req.ip ?? 'unknown');
  await ctx.rateLimits.consume('mailsPerAccount', input.email);
  const candidate = await findSignInCandidate(ctx.db, { email: input.email });
  // An account that could not sign in with a new password gets no link. It is answered like an
  // unknown email, after the same single lookup, so the answer tells nobody which accounts exist.
  // (issuePasswordLink refuses them too; asking first keeps their answer free of a transaction.)
  if (!candidate || accessBlock(candidate.user, candidate.organization)) return { ok: true as const };
  const { user } = candidate;
  await ctx.db.transaction().execute(async (tx) => {
    await recordAudit(tx, {
      actorId: null,
      action: 'auth.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
      organizationId: user.organizationId,
      ip: ctx.req.ip,
    });
    await issuePasswordLink(tx, ctx.mailQueue, candidate, 'reset');
  });
  return { ok: true as const };
}

export async function resetPassword(ctx: Context, input: { token: string; newPassword: string }) {
  const invalidLink = () => fieldError('token', 'This link is invalid or has expired. Ask for a new one.');
  const found = await findUsablePasswordToken(ctx.db, sha256Hex(input.token));
  if (!found) throw invalidLink();
  await assertAcceptablePassword(input.newPassword, found, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date();
  const ended = await ctx.db.transaction().execute(async (tx) => {
    if (!(await usePasswordToken(tx, found.id, now))) throw invalidLink();
    const user = await tx
      .updateTable('users')
      // The link was mailed to the address: using it proves the address.
      .set({ passwordHash, firstTimeLogin: false, emailConfirmedAt: emailConfirmedNow(now), updatedAt: now })
      .where('id', '=', found.userId)
      .returning(['id', 'organizationId'])
      .executeTakeFirstOrThrow();
    const endedIds = await endUserSessions(tx, user.id);
    await recordAudit(tx, {
      actorId: user.id,
      action: found.purpose === 'reset' ? 'auth.password_reset' : 'auth.password_set',
      targetType: 'user',
      targetId: user.id,
      organizationId: user.organizationId,
      ip: ctx.req.ip,
      metadata: { sessionsEnded: endedIds.length },
    });
    return endedIds;
  });
  await ctx.sessionEvents.ended(ended);
  return { ok: true as const };
}

export async function setEmail2fa(ctx: AuthedContext, input: { enabled: boolean; password: string }) {
  await assertOwnPassword(ctx, input.password, 'password');
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('users')
      .select('email2faEnabled')
      .where('id', '=', ctx.actor.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const row = await tx
      .updateTable('users')
      .set({ email2faEnabled: input.enabled, updatedAt: new Date() })
      .where('id', '=', ctx.actor.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(ctx, input.enabled ? 'auth.2fa_enabled' : 'auth.2fa_disabled', {}, tx);
    if (before.email2faEnabled && !input.enabled) {
      await enqueueTwoFactorDisabledMail(ctx.mailQueue, {
        to: row.email,
        name: `${row.firstName} ${row.lastName}`.trim(),
        method: 'email',
        change: 'disabled',
      });
    }
    return row;
  });
  return toUser(updated, await findOrganizationSummary(ctx.db, updated.organizationId));
}

/**
 * The signed-in user accepts the license agreement. Idempotent: the first acceptance is the one
 * kept (and the only one audited); calling again answers the same user unchanged.
 */
export async function acceptLicense(ctx: AuthedContext) {
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const now = new Date();
    const accepted = await tx
      .updateTable('users')
      .set({ licenseAcceptedAt: now, updatedAt: now })
      .where('id', '=', ctx.actor.id)
      .where('licenseAcceptedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (accepted) {
      await audit(ctx, 'auth.license_accepted', {}, tx);
      return accepted;
    }
    return tx.selectFrom('users').selectAll().where('id', '=', ctx.actor.id).executeTakeFirstOrThrow();
  });
  return toUser(updated, await findOrganizationSummary(ctx.db, updated.organizationId));
}

export async function sessions(ctx: AuthedContext) {
  return listSessionViews(ctx.db, ctx.actor.id, ctx.session.publicId);
}

export async function revokeSession(ctx: AuthedContext, input: { sessionId: string }) {
  if (!(await deleteSessionByPublicId(ctx.db, ctx.actor.id, input.sessionId))) throw notFound('Session');
  await audit(ctx, 'auth.session_revoked', { sessionId: input.sessionId });
  await ctx.sessionEvents.ended([input.sessionId]);
  if (input.sessionId === ctx.session.publicId)
    ctx.req.resHeaders.append('set-cookie', ctx.sessions.blankCookie());
  return { ok: true as const };
}

const audit = (ctx: AuthedContext, action: string, metadata?: Record<string, unknown>, db = ctx.db) =>
  recordOwnAccountAudit(db, ctx, action, metadata);
