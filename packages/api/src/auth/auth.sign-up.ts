import { generateToken, hashPassword, RateLimitedError, sha256Hex } from '@praxis/auth';
import type { Executor, UserRow } from '@praxis/db';
import { enqueueMail } from '@praxis/jobs';
import { passwordEqualsEmail } from '@praxis/validators';
import { recordAudit } from '../audit/audit.queries';
import type { Context } from '../context';
import { fieldError, forbidden, isUniqueViolation } from '../errors';
import { findUserByEmail } from '../users/users.queries';
import { emailConfirmedNow } from './auth.queries';

/** How long the link of a sign-up stays usable. */
export const EMAIL_CONFIRMATION_TTL_MS = 24 * 60 * 60 * 1000;

type Registration = { email: string; password: string; firstName: string; lastName: string };

const fullName = (user: Pick<UserRow, 'firstName' | 'lastName'>) =>
  `${user.firstName} ${user.lastName}`.trim();

/**
 * auth.register (SIGNUP=open): answers `{ok:true}` for any address so it reveals no account. A new
 * address gets a `pending` account without organisation or roles and a confirmation link; the
 * chosen password waits with the link and becomes the account's when the link is used. An address
 * with an account gets a notice instead, after the same work (the password is hashed either way).
 */
export async function register(ctx: Context, input: Registration) {
  if (ctx.config.signup !== 'open') throw forbidden('Sign-up is by invitation only');
  await ctx.rateLimits.consume('registrationsPerIp', ctx.req.ip ?? 'unknown');
  if (passwordEqualsEmail(input.password, input.email)) {
    throw fieldError('password', 'The password must not be the same as the email address');
  }
  const passwordHash = await hashPassword(input.password);
  const existing = await findUserByEmail(ctx.db, input.email);
  if (existing) {
    await answerExisting(ctx, existing, passwordHash);
    return { ok: true as const };
  }
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const user = await tx
        .insertInto('users')
        .values({
          email: input.email,
          firstName: input.firstName,
          lastName: input.lastName,
          status: 'pending',
          roles: [],
          organizationId: null,
          passwordHash: null,
          firstTimeLogin: false,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        actorId: null,
        action: 'auth.registered',
        targetType: 'user',
        targetId: user.id,
        ip: ctx.req.ip,
      });
      await issueConfirmation(ctx, tx, user, passwordHash);
    });
  } catch (error) {
    // Another request registered the address first: answer as for any taken address.
    if (!isUniqueViolation(error, 'users_email_key')) throw error;
    const winner = await findUserByEmail(ctx.db, input.email);
    if (winner) await answerExisting(ctx, winner, passwordHash);
  }
  return { ok: true as const };
}

/**
 * A taken address: its owner is told someone tried (no link, nothing changes). A sign-up that was
 * never confirmed (pending, no password yet) gets a fresh link with the new password instead, so
 * a lost or expired link, or somebody else registering the address first, locks nobody out.
 * Notices count against the account's mail limit; past it they are dropped silently, since a
 * TOO_MANY_REQUESTS here would tell that the address has an account.
 */
async function answerExisting(ctx: Context, user: UserRow, passwordHash: string) {
  try {
    await ctx.rateLimits.consume('mailsPerAccount', user.id);
  } catch (error) {
    if (error instanceof RateLimitedError) return;
    throw error;
  }
  const unconfirmedSignUp = user.status === 'pending' && !user.passwordHash && !user.emailConfirmedAt;
  await ctx.db.transaction().execute(async (tx) => {
    await recordAudit(tx, {
      actorId: null,
      action: unconfirmedSignUp ? 'auth.register_repeated' : 'auth.register_existing',
      targetType: 'user',
      targetId: user.id,
      organizationId: user.organizationId,
      ip: ctx.req.ip,
    });
    if (unconfirmedSignUp) return issueConfirmation(ctx, tx, user, passwordHash);
    await enqueueMail(
      ctx.mailQueue,
      'registration-notice',
      { to: user.email, name: fullName(user) },
      `${user.id}-${Date.now()}`,
    );
  });
}

/** A single-use link (older ones die), stored hashed with the password it will set, and its mail. */
async function issueConfirmation(ctx: Context, tx: Executor, user: UserRow, passwordHash: string) {
  const now = new Date();
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + EMAIL_CONFIRMATION_TTL_MS);
  await tx
    .updateTable('emailConfirmationTokens')
    .set({ usedAt: now })
    .where('userId', '=', user.id)
    .where('usedAt', 'is', null)
    .execute();
  const { id } = await tx
    .insertInto('emailConfirmationTokens')
    .values({ userId: user.id, tokenHash: sha256Hex(token), passwordHash, expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueMail(
    ctx.mailQueue,
    'confirm-email',
    { to: user.email, name: fullName(user), token, expiresAt: expiresAt.toISOString() },
    id,
  );
}

/**
 * auth.confirmEmail: uses the link once, sets `emailConfirmedAt` and the password chosen at
 * sign-up. The account stays pending until an administrator approves it (users.approve).
 */
export async function confirmEmail(ctx: Context, input: { token: string }) {
  const invalidLink = () =>
    fieldError('token', 'This link is invalid or has expired. Sign up again for a new one.');
  const now = new Date();
  await ctx.db.transaction().execute(async (tx) => {
    const used = await tx
      .updateTable('emailConfirmationTokens')
      .set({ usedAt: now })
      .where('tokenHash', '=', sha256Hex(input.token))
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', now)
      .returning(['userId', 'passwordHash'])
      .executeTakeFirst();
    if (!used) throw invalidLink();
    const user = await tx
      .updateTable('users')
      .set({ passwordHash: used.passwordHash, emailConfirmedAt: emailConfirmedNow(now), updatedAt: now })
      .where('id', '=', used.userId)
      .returning(['id', 'organizationId'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actorId: user.id,
      action: 'auth.email_confirmed',
      targetType: 'user',
      targetId: user.id,
      organizationId: user.organizationId,
      ip: ctx.req.ip,
    });
  });
  return { ok: true as const };
}

/** Whether this server takes self-service sign-ups (what the sign-in page needs to link to /register). */
export function signUpOpen(ctx: Context) {
  return { open: ctx.config.signup === 'open' };
}
