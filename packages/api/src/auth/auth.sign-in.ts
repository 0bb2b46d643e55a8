import {
  accessBlock,
  deviceFingerprint,
  generateCode,
  hashesMatch,
  sha256Hex,
  verifyPassword,
} from '@praxis/auth';
import { enqueueBackupCodeUsedMail, enqueueMail } from '@praxis/jobs';
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
import { noticeNewDevice } from './auth.security-mails';
import { acceptSecondFactor } from './auth.two-factor';
import { methodsOf } from './auth.two-factor.queries';

export const CODE_TTL_MS = 10 * 60 * 1000;
const invalidCredentials = () => new AppError('UNAUTHORIZED', 'Invalid email or password');
const deadChallenge = () =>
  new AppError(
    'UNAUTHORIZED',
    'This code has expired, was used, or had too many wrong tries. Sign in again.',
  );

const codeHash = (challengeId: string, code: string) => sha256Hex(`${challengeId}:${code}`);
/** The device a request signs in from (user agent + network). */
const deviceOf = (req: Context['req']) => deviceFingerprint(req.userAgent, req.ip);

export async function login(ctx: Context, input: { email: string; password: string }) {
  const { rateLimits, req } = ctx;
  const ipKey = req.ip ?? 'unknown';
  // The throttles (one Redis round trip) and the account (one indexed lookup) at once.
  const [[accountFailures], candidate] = await Promise.all([
    rateLimits.assertNoneBlocked([
      ['loginFailuresPerAccount', input.email],
      ['loginFailuresPerIp', ipKey],
    ]),
    findSignInCandidate(ctx.db, { email: input.email }, deviceOf(req)),
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

  const methods = methodsOf(user, candidate.facts);
  if (methods.length > 0) {
    const challengeId = await startChallenge(ctx, user, { mailCode: methods.includes('email') });
    return { status: '2fa_required' as const, challengeId, methods };
  }
  return { status: 'authenticated' as const, ...(await startSession(ctx, candidate, 'auth.login')) };
}

export async function verify2fa(ctx: Context, input: { challengeId: string; code: string }) {
  const { rateLimits, req } = ctx;
  await rateLimits.consume('codeChecksPerIp', req.ip ?? 'unknown');
  await rateLimits.consume('codeChecksPerChallenge', input.challengeId);

  const challenge = await findLiveChallenge(ctx.db, input.challengeId);
  if (!challenge) throw deadChallenge();
  await rateLimits.assertNotBlocked('codeFailuresPerAccount', challenge.userId);
  const candidate = await findSignInCandidate(ctx.db, { id: challenge.userId }, deviceOf(req));
  if (!candidate) throw deadChallenge();
  // The challenge is consumed and the code used in one transaction: a code is never spent on a
  // challenge that another request consumed first, and a challenge never passes without a code.
  const outcome = await ctx.db
    .transaction()
    .execute(async (tx) => {
      if (!(await consumeChallenge(tx, challenge.id))) return { dead: true as const };
      const accepted = await acceptSecondFactor(tx, ctx.keys, candidate.user, input.code, {
        emailCodeMatches: (code) => hashesMatch(challenge.codeHash, codeHash(challenge.id, code)),
      });
      if (!accepted) throw new WrongCode();
      if (accepted.method === 'backup') {
        // Told to the owner, or not spent (the transaction rolls back when the mail is not queued).
        const { email, firstName, lastName } = candidate.user;
        await enqueueBackupCodeUsedMail(ctx.mailQueue, {
          to: email,
          name: `${firstName} ${lastName}`.trim(),
          remaining: accepted.remaining,
        });
      }
      return accepted;
    })
    .catch((error: unknown) => {
      if (error instanceof WrongCode) return undefined;
      throw error;
    });
  if (!outcome) return wrongCode(ctx, challenge);
  if ('dead' in outcome) throw deadChallenge();
  if (outcome.method === 'backup') {
    await recordAudit(ctx.db, {
      actorId: challenge.userId,
      action: 'auth.backup_code_used',
      targetType: 'user',
      targetId: challenge.userId,
      organizationId: candidate.user.organizationId,
      ip: req.ip,
      metadata: { remaining: outcome.remaining },
    });
  }
  await assertMaySignIn(ctx, candidate);
  return {
    status: 'authenticated' as const,
    ...(await startSession(ctx, candidate, 'auth.2fa_verified', {
      // Only the mailed code proves the address.
      confirmsEmail: outcome.method === 'email',
      metadata: { method: outcome.method },
    })),
  };
}

class WrongCode extends Error {}

async function wrongCode(ctx: Context, challenge: { id: string; userId: string }): Promise<never> {
  const attempts = await countWrongCode(ctx.db, challenge.id);
  await ctx.rateLimits.consume('codeFailuresPerAccount', challenge.userId);
  await recordAudit(ctx.db, {
    actorId: challenge.userId,
    action: 'auth.2fa_failed',
    targetType: 'user',
    targetId: challenge.userId,
    ip: ctx.req.ip,
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

export async function resend2fa(ctx: Context, input: { challengeId: string }) {
  const challenge = await findLiveChallenge(ctx.db, input.challengeId);
  if (!challenge) throw deadChallenge();
  const candidate = await findSignInCandidate(ctx.db, { id: challenge.userId });
  if (!candidate) throw deadChallenge();
  if (!candidate.user.email2faEnabled) {
    throw new AppError(
      'BAD_REQUEST',
      'This account gets no codes by email. Use your authenticator app or a backup code.',
    );
  }
  await startChallenge(ctx, candidate.user, { mailCode: true, challengeId: challenge.id });
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
 * Creates (or, with `challengeId`, renews) a challenge. With `mailCode`, it holds a fresh code
 * whose mail is queued in the same transaction: a code that cannot be queued is never left
 * behind. Without it (authenticator app only) no mail goes out and the challenge holds no code.
 */
async function startChallenge(
  ctx: Context,
  user: SignInCandidate['user'],
  { mailCode, challengeId }: { mailCode: boolean; challengeId?: string },
): Promise<string> {
  const { rateLimits, req } = ctx;
  if (mailCode) {
    await rateLimits.consume('mailsPerIp', req.ip ?? 'unknown');
    await rateLimits.consume('mailsPerAccount', user.id);
  }
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
    if (!mailCode) return id;
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
  { user, organization, facts }: SignInCandidate,
  action: string,
  {
    confirmsEmail = false,
    metadata = {},
  }: { confirmsEmail?: boolean; metadata?: Record<string, unknown> } = {},
) {
  const { req } = ctx;
  const now = new Date();
  // A new device is told to the owner first: if that mail cannot be queued, nothing is written.
  await noticeNewDevice(ctx.mailQueue, user, req, facts, now);
  const session = ctx.sessions.issue(user.id, { ip: req.ip, userAgent: req.userAgent });
  // last_login_at, the session, the audit event and the device: one statement, all or nothing.
  const updated = await recordSignIn(ctx.db, {
    userId: user.id,
    action,
    metadata,
    session: session.row,
    fingerprint: deviceOf(req),
    confirmsEmail,
    now,
  });
  // Deleted between the check and now: nothing was written.
  if (!updated) throw invalidCredentials();
  req.resHeaders.append('set-cookie', session.cookie);
  return { user: toUser(updated, organization), token: session.token };
}
