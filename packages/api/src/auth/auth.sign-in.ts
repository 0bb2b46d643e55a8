import { accessBlock, generateCode, hashesMatch, sha256Hex, verifyPassword } from '@praxis/auth';
import { enqueueMail } from '@praxis/jobs';
import { auditEmailHash } from '../audit/audit.email';
import { recordAudit } from '../audit/audit.queries';
import type { Context } from '../context';
import { AppError } from '../errors';
import { toUser } from '../users/users.mapper';
import {
  consumeChallenge,
  countWrongCode,
  findLiveChallenge,
  findSignInCandidate,
  MAX_CODE_ATTEMPTS,
  recordSignIn,
  type SignInCandidate,
} from './auth.queries';

const CODE_TTL_MS = 10 * 60 * 1000;
const invalidCredentials = () => new AppError('UNAUTHORIZED', 'Invalid email or password');
const deadChallenge = () =>
  new AppError(
    'UNAUTHORIZED',
    'This code has expired, was used, or had too many wrong tries. Sign in again.',
  );

const codeHash = (challengeId: string, code: string) => sha256Hex(`${challengeId}:${code}`);

export async function login(ctx: Context, input: { email: string; password: string }) {
  const { rateLimits, req } = ctx;
  const ipKey = req.ip ?? 'unknown';
  // The throttles (one Redis round trip) and the account (one indexed lookup) at once.
  const [[accountFailures], candidate] = await Promise.all([
    rateLimits.assertNoneBlocked([
      ['loginFailuresPerAccount', input.email],
      ['loginFailuresPerIp', ipKey],
    ]),
    findSignInCandidate(ctx.db, { email: input.email }),
  ]);
  const user = candidate?.user;
  if (!(await verifyPassword(user?.passwordHash, input.password)) || !candidate || !user) {
    // Ids only (the log outlives the account). An address without an account is kept as a keyed
    // hash, so repeated tries on it still correlate; the IP stays for abuse handling.
    await recordAudit(ctx.db, {
      actorId: user?.id ?? null,
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user?.id ?? null,
      organizationId: user?.organizationId ?? null,
      ip: req.ip,
      metadata: user ? {} : { emailHash: auditEmailHash(ctx.keys, input.email) },
    });
    await rateLimits.consume('loginFailuresPerAccount', input.email);
    await rateLimits.consume('loginFailuresPerIp', ipKey);
    throw invalidCredentials();
  }
  if ((accountFailures ?? 0) > 0) await rateLimits.reset('loginFailuresPerAccount', input.email);
  await assertMaySignIn(ctx, candidate);

  if (user.email2faEnabled) {
    return { status: '2fa_required' as const, challengeId: await sendChallenge(ctx, user) };
  }
  return { status: 'authenticated' as const, ...(await startSession(ctx, candidate, 'auth.login')) };
}

export async function verify2fa(ctx: Context, input: { challengeId: string; code: string }) {
  const { rateLimits, req } = ctx;
  await rateLimits.consume('codeChecksPerIp', req.ip ?? 'unknown');
  await rateLimits.consume('codeChecksPerChallenge', input.challengeId);

  const challenge = await findLiveChallenge(ctx.db, input.challengeId);
  if (!challenge) throw deadChallenge();
  if (!hashesMatch(challenge.codeHash, codeHash(challenge.id, input.code))) {
    const attempts = await countWrongCode(ctx.db, challenge.id);
    await recordAudit(ctx.db, {
      actorId: challenge.userId,
      action: 'auth.2fa_failed',
      targetType: 'user',
      targetId: challenge.userId,
      ip: req.ip,
      metadata: { attempts },
    });
    const left = MAX_CODE_ATTEMPTS - attempts;
    throw new AppError(
      'UNAUTHORIZED',
      left > 0
        ? `Wrong code. ${left} ${left === 1 ? 'try' : 'tries'} left.`
        : 'Wrong code. Sign in again for a new one.',
      { fieldErrors: { code: ['Wrong code'] } },
    );
  }
  const userId = await consumeChallenge(ctx.db, challenge.id);
  const candidate = userId ? await findSignInCandidate(ctx.db, { id: userId }) : undefined;
  if (!candidate) throw deadChallenge();
  await assertMaySignIn(ctx, candidate);
  // The code was mailed to the address: entering it proves the address.
  return {
    status: 'authenticated' as const,
    ...(await startSession(ctx, candidate, 'auth.2fa_verified', { confirmsEmail: true })),
  };
}

export async function resend2fa(ctx: Context, input: { challengeId: string }) {
  const challenge = await findLiveChallenge(ctx.db, input.challengeId);
  if (!challenge) throw deadChallenge();
  const candidate = await findSignInCandidate(ctx.db, { id: challenge.userId });
  if (!candidate) throw deadChallenge();
  await sendChallenge(ctx, candidate.user, challenge.id);
  return { ok: true as const };
}

async function assertMaySignIn(ctx: Context, { user, organization }: SignInCandidate) {
  const block = accessBlock(user, organization);
  if (!block) return;
  await recordAudit(ctx.db, {
    actorId: user.id,
    action: 'auth.login_refused',
    targetType: 'user',
    targetId: user.id,
    organizationId: user.organizationId,
    ip: ctx.req.ip,
    metadata: { reason: block },
  });
  const reasons = {
    archived: 'This account has been archived.',
    disabled: 'This account has been disabled.',
    suspended: 'This account is suspended.',
    pending: 'This account is waiting for approval.',
    not_yet_effective: `This account is effective from ${user.effectiveDate}.`,
    organization_inactive: 'Your organisation is not active.',
  } as const;
  throw new AppError('UNAUTHORIZED', `${reasons[block]} Contact your administrator.`);
}

/**
 * Creates (or, with `challengeId`, renews) a challenge with a fresh code and queues its mail, in
 * one transaction: a code that cannot be queued is never left behind.
 */
async function sendChallenge(
  ctx: Context,
  user: SignInCandidate['user'],
  challengeId?: string,
): Promise<string> {
  const { rateLimits, req } = ctx;
  await rateLimits.consume('mailsPerIp', req.ip ?? 'unknown');
  await rateLimits.consume('mailsPerAccount', user.id);
  const code = generateCode();
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  return ctx.db.transaction().execute(async (tx) => {
    const id =
      challengeId ??
      (
        await tx
          .insertInto('twoFactorChallenges')
          .values({ userId: user.id, codeHash: '', expiresAt, ip: req.ip, userAgent: req.userAgent })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await tx
      .updateTable('twoFactorChallenges')
      .set({ codeHash: codeHash(id, code), expiresAt })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      actorId: user.id,
      action: challengeId ? 'auth.2fa_resent' : 'auth.2fa_sent',
      targetType: 'user',
      targetId: user.id,
      organizationId: user.organizationId,
      ip: req.ip,
    });
    const name = `${user.firstName} ${user.lastName}`.trim();
    await enqueueMail(
      ctx.mailQueue,
      'two-factor-code',
      { to: user.email, name, code, expiresAt: expiresAt.toISOString() },
      `${id}-${expiresAt.getTime()}`,
    );
    return id;
  });
}

async function startSession(
  ctx: Context,
  { user, organization }: SignInCandidate,
  action: string,
  { confirmsEmail = false } = {},
) {
  const { req } = ctx;
  const session = ctx.sessions.issue(user.id, { ip: req.ip, userAgent: req.userAgent });
  // last_login_at, the session and the audit event: one statement, all or nothing.
  const updated = await recordSignIn(ctx.db, {
    userId: user.id,
    action,
    session: session.row,
    confirmsEmail,
  });
  // Deleted between the check and now: nothing was written.
  if (!updated) throw invalidCredentials();
  req.resHeaders.append('set-cookie', session.cookie);
  return { user: toUser(updated, organization), token: session.token };
}
