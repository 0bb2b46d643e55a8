/**
 * The names of the fields a patch really changes, for the audit log (names only: the values of
 * personal fields stay out of it). One equality rule for every area: dates by instant, arrays and
 * JSON objects by content, null equal only to null; a key whose patch value is undefined is not
 * written (Kysely leaves it out), so it changes nothing; `updatedAt` is bookkeeping, not a change.
 */
export function changedFields(current: object, patch: object): string[] {
  const before = current as Record<string, unknown>;
  return Object.entries(patch)
    .filter(([key, value]) => key !== 'updatedAt' && value !== undefined && !sameValue(value, before[key]))
    .map(([key]) => key);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
