import { type RawBuilder, sql } from 'kysely';

/** A text[] parameter (Kysely would otherwise expand a JS array into a list of values). */
export function textArray<T extends string>(values: readonly T[]): RawBuilder<T[]> {
  return sql<T[]>`${sql.val(values)}::text[]`;
}

/**
 * The rows of a table or index as the planner counts them: its row count at the last vacuum or
 * analyze, scaled to its size now (rows per page × pages now); null before the first analyze.
 * `relation` is a name from the code, never user input.
 */
export function plannerRowCount(relation: string): RawBuilder<number | null> {
  return sql<number | null>`(select case when c.reltuples < 0 then null
    when c.relpages = 0 then c.reltuples
    else c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::int) end
    from pg_class c where c.oid = ${sql.lit(relation)}::regclass)`;
}

/**
 * The values of an array parameter as rows `asked(value, place)`, numbered from 1 in their order
 * (a value given twice is two rows), to select from and join to. The array is read through a
 * sub-select: in a prepared statement Postgres then plans once for any length, where with the
 * array itself it planned each call anew (every custom plan looked cheaper than a generic one).
 */
export function askedList<Value>(list: unknown, type: 'text' | 'uuid') {
  return sql<{
    value: Value;
    place: number;
  }>`unnest((select ${list}::${sql.raw(type)}[])) with ordinality`.as<'asked'>(sql`asked(value, place)`);
}
