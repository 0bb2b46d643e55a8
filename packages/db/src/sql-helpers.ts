import { type RawBuilder, sql } from 'kysely';

/** A text[] parameter (Kysely would otherwise expand a JS array into a list of values). */
export function textArray<T extends string>(values: readonly T[]): RawBuilder<T[]> {
  return sql<T[]>`${sql.val(values)}::text[]`;
}
