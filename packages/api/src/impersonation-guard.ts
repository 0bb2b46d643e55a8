import { AppError } from './errors';

export const IMPERSONATION_NOT_ALLOWED = 'IMPERSONATION_NOT_ALLOWED';

/**
 * What stays with an account's owner: an impersonation session may not change the password, the
 * email, two-factor settings, or sign the user out elsewhere. FORBIDDEN with
 * `data.reason: "IMPERSONATION_NOT_ALLOWED"`.
 */
export function assertNotImpersonating(ctx: { actor: { impersonatorId?: string | null } }): void {
  if (!ctx.actor.impersonatorId) return;
  throw new AppError(
    'FORBIDDEN',
    'Not while impersonating: only the account’s owner can do this. Stop impersonating first.',
    { reason: IMPERSONATION_NOT_ALLOWED },
  );
}
