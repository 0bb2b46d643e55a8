import type { Database, Executor } from '@praxis/db';
import type { scopeOf } from '@praxis/policy';
import { EXACT_TOTAL_LIMIT, type ListPage } from '@praxis/validators';
import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { fieldError } from './errors';

/** Which organisations a list may show (from `scopeOf`). */
export type OrganizationScope = ReturnType<typeof scopeOf>;

/** `%`, `_` and `\` typed by a user match themselves in LIKE. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The upper bound of a date filter: inclusive, but a date alone covers that whole (UTC) day. */
export function upperBound(to: { at: Date; dateOnly: boolean }): { op: '<' | '<='; value: Date } {
  return to.dateOnly
    ? { op: '<', value: new Date(to.at.getTime() + 86_400_000) }
    : { op: '<=', value: to.at };
}

/**
 * A keyset cursor of a sorted list: the sort it belongs to, the last row's sort key (as Postgres
 * text, so timestamps keep their microseconds) and id, and the page number it leads to.
 */
export function keysetCursor(sort: string, keyType: 'text' | 'timestamptz' = 'text') {
  const key = `${sort}|${keyType}`;
  let cursor = cursors.get(key);
  if (!cursor) {
    cursor = createKeysetCursor(sort, keyType);
    cursors.set(key, cursor);
  }
  return cursor;
}

// Building a zod schema costs about as much as a whole page's query compile, so each sort's
// cursor is built once (the sorts are a fixed whitelist).
const cursors = new Map<string, ReturnType<typeof createKeysetCursor>>();

function createKeysetCursor(sort: string, keyType: 'text' | 'timestamptz') {
  const value =
    keyType === 'timestamptz' ? z.string().refine(isPostgresTimestamp) : z.string().max(300).refine(noNul);
  const schema = z.tuple([z.literal(sort), value, z.uuid(), z.number().int().min(2).max(10_000_000)]);
  return {
    /**
     * The page a list call asks for, by `cursor` (keyset, same cost at any depth) or `page`
     * (offset): the window to fetch, and `answer` to shape what was fetched into the contract's
     * list, with the `nextCursor` that continues after its last row.
     */
    open(input: { cursor?: string | undefined; page?: number | undefined; pageSize: number }) {
      const after = input.cursor ? decodeCursor(input.cursor, schema) : undefined;
      const page = after?.[3] ?? input.page ?? 1;
      const { pageSize } = input;
      return {
        window: pageWindow(page, pageSize, after && { value: after[1], id: after[2] }),
        answer<Row extends { id: string }, Item>(
          rows: Row[],
          count: { total: number; exact: boolean },
          sortValue: (row: Row) => string,
          map: (row: Row) => Item,
        ) {
          const keyOf = (row: Row) => [sort, sortValue(row), row.id, page + 1] as const;
          return toListPage(rows, { page, pageSize, count, keyOf, map });
        },
      };
    },
  };
}

const noNul = (text: string) => !text.includes('\u0000');
const PG_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?$/;

/**
 * A timestamptz as Postgres prints it (`2026-11-23 10:57:01.123456+00`) or `-infinity`: a forged
 * cursor must fail here as BAD_REQUEST, not in the database as a 500.
 */
function isPostgresTimestamp(text: string): boolean {
  if (text === '-infinity') return true;
  const match = PG_TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, , , offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return (
    (year ?? 0) >= 1 &&
    date.getUTCMonth() === (month ?? 1) - 1 &&
    date.getUTCDate() === day &&
    (hour ?? 0) < 24 &&
    (minute ?? 0) < 60 &&
    (second ?? 0) < 60 &&
    (offsetHours ?? 0) <= 15 &&
    (offsetMinutes ?? 0) < 60
  );
}

// Above this planner estimate the exact count is skipped: the matches surely exceed
// EXACT_TOTAL_LIMIT, and counting them would scan at least that many rows for nothing.
const SKIP_COUNT_ABOVE = EXACT_TOTAL_LIMIT * 1.5;

/**
 * The number of rows `matching` (filters only, no selection) finds: exact up to
 * EXACT_TOTAL_LIMIT, the planner's estimate beyond (`exact: false`). The estimate (planning only,
 * no execution) comes first; only when it is near or under the limit are rows counted, and the
 * count stops at the limit, so a broad search over a million rows costs no scan at all.
 */
export async function countMatches<TB extends keyof Database, O>(
  db: Executor,
  matching: SelectQueryBuilder<Database, TB, O>,
): Promise<{ total: number; exact: boolean }> {
  const [plan] = await matching.clearSelect().select(sql<number>`1`.as('one')).explain('json');
  const estimate = Math.round(
    Number((plan ? (Object.values(plan)[0] as PlanJson) : undefined)?.[0]?.Plan?.['Plan Rows'] ?? 0),
  );
  if (estimate > SKIP_COUNT_ABOVE) return { total: estimate, exact: false };
  const counted = await cappedCount(db, matching);
  return counted.exact ? counted : { total: Math.max(estimate, counted.total), exact: false };
}

type PlanJson = [{ Plan?: { 'Plan Rows'?: number } }] | undefined;

/** Where a page starts: after a keyset position, or at an offset; one extra row says whether more follow. */
function pageWindow<K>(page: number, pageSize: number, after: K | undefined) {
  return after ? { limit: pageSize + 1, after } : { limit: pageSize + 1, offset: (page - 1) * pageSize };
}

/** A keyset position: the sort key values of the last row shown. */
function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a cursor this API handed out; anything else is BAD_REQUEST on `cursor`. */
function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
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
async function cappedCount<TB extends keyof Database, O>(
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
function toListPage<Row, Item>(
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
