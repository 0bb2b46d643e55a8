import type { Database, Executor } from '@praxis/db';
import { EXACT_TOTAL_LIMIT, type ListPage } from '@praxis/validators';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { z } from 'zod';
import { fieldError } from './errors';

/** A keyset position: the sort key values of the last row shown. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor this API handed out; anything else is BAD_REQUEST on `cursor`. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not base64url JSON
  }
  throw fieldError('cursor', 'This cursor is not valid');
}

/**
 * Counts the rows of `query` exactly up to EXACT_TOTAL_LIMIT; beyond that it stops counting and
 * answers that lower bound with `exact: false`, so a count never scans a huge table.
 */
export async function cappedCount<TB extends keyof Database, O>(
  db: Executor,
  query: SelectQueryBuilder<Database, TB, O>,
): Promise<{ total: number; exact: boolean }> {
  const capped = query
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`1`.as('one'))
    .limit(EXACT_TOTAL_LIMIT + 1)
    .as('capped');
  const { total } = await db
    .selectFrom(capped)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  return { total, exact: total <= EXACT_TOTAL_LIMIT };
}

/**
 * Shapes fetched rows (one more than `pageSize` asked for, to know whether another page follows)
 * into the contract's list answer.
 */
export function toListPage<Row, Item>(
  rows: Row[],
  options: {
    page: number;
    pageSize: number;
    count: { total: number; exact: boolean };
    keyOf: (row: Row) => readonly (string | number)[];
    map: (row: Row) => Item;
  },
): ListPage<Item> {
  const { page, pageSize } = options;
  const count = atLeastSeen(options.count, { page, pageSize, rows: rows.length });
  const shown = rows.slice(0, pageSize);
  const last = shown.at(-1);
  return {
    items: shown.map(options.map),
    page,
    pageSize,
    total: count.total,
    totalPages: Math.ceil(count.total / pageSize),
    totalExact: count.exact,
    nextCursor: rows.length > pageSize && last !== undefined ? encodeCursor(options.keyOf(last)) : null,
  };
}

/** An estimate never claims fewer rows than the pages already seen show. */
function atLeastSeen(
  count: { total: number; exact: boolean },
  seen: { page: number; pageSize: number; rows: number },
): { total: number; exact: boolean } {
  if (seen.rows === 0) return count;
  const floor = (seen.page - 1) * seen.pageSize + Math.min(seen.rows, seen.pageSize + 1);
  return count.total >= floor ? count : { total: floor, exact: false };
}
