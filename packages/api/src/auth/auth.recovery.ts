import type { RateLimitName, RateLimits } from '@praxis/auth';
import type { Executor, UserRow } from '@praxis/db';
import { removeAuthenticator } from './auth.two-factor.queries';

// What an administrator clears for a locked-out person (users.resetTwoFactor, users.clearLockout).
// Each is written once here, beside the sign-in code that sets it: a new second factor or a new
// per-account throttle is added to these two functions and the admin help clears it too.

/**
 * Turns every second factor of the user off: email codes, and the sign-in challenges still open
 * (a code already mailed no longer works). Answers the methods that were on. A user who must use
 * two-factor enrols again at their next sign-in.
 */
export async function clearTwoFactor(tx: Executor, user: Pick<UserRow, 'id' | 'email2faEnabled'>) {
  const cleared: string[] = [];
  if (user.email2faEnabled) cleared.push('email');
  if (await removeAuthenticator(tx, user.id)) cleared.push('totp', 'backup');
  await tx
    .updateTable('users')
    .set({ email2faEnabled: false, updatedAt: new Date() })
    .where('id', '=', user.id)
    .execute();
  await tx
    .updateTable('twoFactorChallenges')
    .set({ consumedAt: new Date() })
    .where('userId', '=', user.id)
    .where('consumedAt', 'is', null)
    .execute();
  return cleared;
}

/** The throttles kept per account, with the key each is counted under (see auth.sign-in, auth.account). */
function accountThrottles(user: Pick<UserRow, 'id' | 'email'>): Array<[RateLimitName, string]> {
  return [
    ['loginFailuresPerAccount', user.email],
    // Password resets count by the address asked for, 2FA mails by the account id.
    ['mailsPerAccount', user.email],
    ['mailsPerAccount', user.id],
  ];
}

/** Lifts the sign-in lockout and mail throttles of one account (IP throttles stay). */
export async function clearAccountLockout(rateLimits: RateLimits, user: Pick<UserRow, 'id' | 'email'>) {
  await Promise.all(accountThrottles(user).map(([name, key]) => rateLimits.reset(name, key)));
}
