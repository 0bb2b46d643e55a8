import type { UserRow, UserUpdate } from '@praxis/db';

type StateFields = Pick<UserRow, 'roles' | 'status' | 'archivedAt' | 'suspendedUntil'>;

/** Signs in today: status active (or a lapsed suspension) and not archived. */
export function isEffectivelyActive(user: StateFields, now = new Date()): boolean {
  if (user.archivedAt) return false;
  if (user.status === 'active') return true;
  return user.status === 'suspended' && user.suspendedUntil !== null && user.suspendedUntil <= now;
}

/** An admin who can act today: the last-admin rule protects the last one of these. */
export function isActiveAdmin(user: StateFields, now = new Date()): boolean {
  return user.roles.includes('admin') && isEffectivelyActive(user, now);
}

/** Names of the fields a patch really changes (for the audit log; values of personal fields stay out). */
export function changedFields(current: UserRow, patch: UserUpdate): string[] {
  return Object.entries(patch)
    .filter(([key, value]) => key !== 'updatedAt' && !sameValue(value, current[key as keyof UserRow]))
    .map(([key]) => key);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
