import type { QueryClient } from '@tanstack/react-query';
import { errorData } from './errors';

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

/**
 * The account gate can close while a user is signed in (an admin requires 2FA of their
 * organisation): the first query the server refuses with a gate reason reloads auth.me, and the
 * `_app` guard then sends the user to the screen that fixes it.
 */
export function followGateRefusals(
  queryClient: QueryClient,
  meQueryKey: readonly unknown[],
  reloadRoutes: () => Promise<void>,
) {
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'error') return;
    const { reason } = errorData(event.action.error);
    if (reason !== 'PASSWORD_CHANGE_REQUIRED' && reason !== 'TWO_FACTOR_ENROLLMENT_REQUIRED') return;
    void queryClient.refetchQueries({ queryKey: meQueryKey }).then(reloadRoutes);
  });
}
