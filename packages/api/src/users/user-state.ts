import type { UserRow, UserUpdate } from '@praxis/db';

// The state rules (effectively active, active admin, suspension) live in @praxis/db user-rules.

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
