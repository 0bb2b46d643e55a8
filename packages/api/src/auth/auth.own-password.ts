import { verifyPassword } from '@praxis/auth';
import { fieldError } from '../errors';
import { assertNotImpersonating } from '../impersonation-guard';
import type { AuthedContext } from '../trpc';
import { findUserById } from '../users/users.queries';

/** Checks the signed-in user's password; a wrong one counts toward the sign-in lockout. */
export async function assertOwnPassword(ctx: AuthedContext, password: string, field: string) {
  const { user } = ctx.session;
  await ctx.rateLimits.assertNotBlocked('loginFailuresPerAccount', user.email);
  const fresh = await findUserById(ctx.db, user.id);
  if (await verifyPassword(fresh?.passwordHash, password)) return;
  await ctx.rateLimits.consume('loginFailuresPerAccount', user.email);
  throw fieldError(field, 'The password is not correct');
}

/**
 * The email is where password resets go, so whoever holds a session must not be able to move it
 * elsewhere alone: changing one's own email takes the current password (`currentPassword`). A
 * writer changing another user's email needs no password of theirs.
 */
export async function assertMayChangeEmail(
  ctx: AuthedContext,
  user: { id: string; email: string },
  email: string | undefined,
  currentPassword: string | undefined,
) {
  if (user.id !== ctx.actor.id || email === undefined || email.toLowerCase() === user.email) return;
  assertNotImpersonating(ctx);
  if (!currentPassword) {
    throw fieldError('currentPassword', 'Enter your current password to change your email');
  }
  await assertOwnPassword(ctx, currentPassword, 'currentPassword');
}
