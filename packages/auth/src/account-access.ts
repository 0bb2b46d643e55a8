import {
  isNotYetEffective,
  isOrganizationActive,
  isSuspensionInForce,
  type OrganizationStateFields,
  type UserStateFields,
} from '@praxis/db';

export type AccessBlock =
  | 'archived'
  | 'disabled'
  | 'suspended'
  | 'pending'
  | 'not_yet_effective'
  | 'organization_inactive';

/**
 * Why this account may not sign in or keep a session, or null when it may: null exactly when
 * `isEffectivelyActive` (@praxis/db user-rules) holds, told apart into the reasons. A suspension
 * with an `until` in the past has lapsed: the user is active again without any job running; an
 * effective date (UTC calendar date) still to come keeps the account out until that day.
 */
export function accessBlock(
  user: UserStateFields,
  organization: OrganizationStateFields,
  now = new Date(),
): AccessBlock | null {
  if (user.archivedAt) return 'archived';
  if (user.status === 'inactive') return 'disabled';
  if (user.status === 'pending') return 'pending';
  if (isSuspensionInForce(user, now)) return 'suspended';
  if (isNotYetEffective(user, now)) return 'not_yet_effective';
  if (!isOrganizationActive(organization)) return 'organization_inactive';
  return null;
}
