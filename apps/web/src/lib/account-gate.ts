/** Where a signed-in user who must first put their account in order is sent (auth.me's flags). */
export const GATE_PATHS = {
  password: '/choose-password',
  twoFactor: '/two-factor-setup',
} as const;

/**
 * The only screen a gated user may see, or null when nothing is due. A password chosen by
 * someone else is changed first; 2FA enrolment (which asks for the password) comes after.
 */
export function gatePathFor(me: { mustChangePassword: boolean; mustEnrollTwoFactor: boolean }) {
  if (me.mustChangePassword) return GATE_PATHS.password;
  if (me.mustEnrollTwoFactor) return GATE_PATHS.twoFactor;
  return null;
}
