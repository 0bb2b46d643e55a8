import type { ValidSession } from '@praxis/auth';
import { hasTwoFactor, type Role } from '@praxis/db';

/**
 * Why a signed-in user may do nothing yet but put their account in order, in the order they are
 * asked: a password set by someone else is changed first (enrolling asks for the password).
 */
export type AccountGate = 'PASSWORD_CHANGE_REQUIRED' | 'TWO_FACTOR_ENROLLMENT_REQUIRED';

/** A password set by someone else (an admin's users.create, seed 000's `firstTimeLogin`) must be changed. */
export function mustChangePassword(user: ValidSession['user']): boolean {
  return user.firstTimeLogin;
}

/** 2FA is required (by the organisation or by one of the user's roles) and the user has none. */
export function mustEnrollTwoFactor(
  { user, organization, totpEnabled }: Pick<ValidSession, 'user' | 'organization' | 'totpEnabled'>,
  requiredRoles: readonly Role[],
): boolean {
  if (hasTwoFactor(user, totpEnabled)) return false;
  return Boolean(organization?.requireTwoFactor) || user.roles.some((role) => requiredRoles.includes(role));
}

/** What stands between the user and the app, or null. Derived from the session's row: no query. */
export function accountGateOf(
  session: Pick<ValidSession, 'user' | 'organization' | 'totpEnabled'>,
  requiredRoles: readonly Role[],
): AccountGate | null {
  if (mustChangePassword(session.user)) return 'PASSWORD_CHANGE_REQUIRED';
  if (mustEnrollTwoFactor(session, requiredRoles)) return 'TWO_FACTOR_ENROLLMENT_REQUIRED';
  return null;
}

/** The procedures a gated user may still call (paths; a trailing `.` allows a whole namespace). */
export const GATE_ALLOWED: Record<AccountGate, readonly string[]> = {
  PASSWORD_CHANGE_REQUIRED: ['auth.me', 'auth.logout', 'auth.changePassword'],
  TWO_FACTOR_ENROLLMENT_REQUIRED: ['auth.me', 'auth.logout', 'auth.setEmail2fa', 'auth.totp.'],
};

export function gateAllows(gate: AccountGate, path: string): boolean {
  return GATE_ALLOWED[gate].some((allowed) =>
    allowed.endsWith('.') ? path.startsWith(allowed) : path === allowed,
  );
}

export const GATE_MESSAGES: Record<AccountGate, string> = {
  PASSWORD_CHANGE_REQUIRED: 'Choose a new password to continue',
  TWO_FACTOR_ENROLLMENT_REQUIRED: 'Turn on two-factor authentication to continue',
};
