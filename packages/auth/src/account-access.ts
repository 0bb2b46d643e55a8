import type { Organization, UserRow } from '@praxis/db';

export type AccessBlock = 'archived' | 'disabled' | 'suspended' | 'pending' | 'organization_inactive';

type AccessFields = Pick<UserRow, 'status' | 'archivedAt' | 'suspendedUntil'>;
type OrgFields = Pick<Organization, 'status' | 'archivedAt'> | null | undefined;

/**
 * Why this account may not sign in or keep a session, or null when it may. A suspension with an
 * `until` in the past has lapsed: the user is active again without any job running.
 */
export function accessBlock(
  user: AccessFields,
  organization: OrgFields,
  now = new Date(),
): AccessBlock | null {
  if (user.archivedAt) return 'archived';
  if (user.status === 'inactive') return 'disabled';
  if (user.status === 'pending') return 'pending';
  if (user.status === 'suspended' && !(user.suspendedUntil && user.suspendedUntil <= now)) return 'suspended';
  if (organization && (organization.status !== 'active' || organization.archivedAt))
    return 'organization_inactive';
  return null;
}
