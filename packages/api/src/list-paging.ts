import { type Database, type Executor, executePrepared } from '@praxis/db';
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

/** A keyset position: the sort key (as Postgres text) and id of the last row shown. */
export interface KeysetPosition {
  value: string;
  id: string;
}

/**
 * Where a page starts: `limit` rows (one more than the page shows, to know whether another
 * follows) from `offset`, or after the keyset position `after`.
 */
export interface PageWindow {
  limit: number;
  offset?: number;
  after?: KeysetPosition | undefined;
}

/** What a list reads: its page, everything it matches (to count), and how each row sorts. */
export interface ListSource<Row, Item, TB extends keyof Database, O> {
  /** At most `window.limit` rows, in the list order. */
  page(window: PageWindow): Promise<Row[]>;
  /** The list's filters only (no selection, no order), counted by `countMatches`. */
  matching: SelectQueryBuilder<Database, TB, O>;
  /** The row's sort key as Postgres text (what the cursor carries). */
  sortValue(row: Row): string;
  /** The contract's items for the rows shown. */
  toItems(rows: Row[]): Item[] | Promise<Item[]>;
  /**
   * Optional: the page and the count of `matching` (capped at EXACT_TOTAL_LIMIT + 1) from one
   * pass over the matches; `page` null when more than EXACT_TOTAL_LIMIT match (the page is then
   * read by `page`). Used when the planner expects few enough matches to count.
   */
  pageAndCount?(window: PageWindow): Promise<{ matched: number; page: Row[] | null }>;
  /**
   * Optional: the number of matches as the statistics know it, carried by the page's own rows
   * (no EXPLAIN round trip), or undefined when the rows cannot tell. Above the counting limit the
   * page answers alone; otherwise the list is read as without it.
   */
  estimateFromPage?(rows: Row[]): number | undefined;
  /**
   * Optional: what the estimate's uncertainty depends on. `search`: the rows matching the
   * substring search alone, `all`: every row of the searched table (both without selection);
   * null when the list has no substring search (its estimate comes from exact statistics). With
   * it, counting is skipped as soon as the estimate is surely above the limit (see `surelyAbove`).
   */
  estimateBasis?: {
    search: SelectQueryBuilder<Database, keyof Database, unknown>;
    all: SelectQueryBuilder<Database, keyof Database, unknown>;
  } | null;
  /**
   * Optional: an estimate of `matching` worked out from statistics the process already holds, or
   * undefined when they cannot tell: the planner is then asked (an EXPLAIN round trip).
   */
  knownEstimate?(): Estimate | undefined;
  /**
   * Optional: `matching` written for a plan made once per connection (see `executePrepared`),
   * when its capped count has one best plan whatever the values: it is counted from this one.
   */
  preparedMatching?: SelectQueryBuilder<Database, TB, O>;
  /**
   * Optional: the exact number of matches from somewhere other than Postgres (an index in memory), or
   * undefined at once when it cannot tell; its promise may still answer undefined. The page is
   * then read alone, side by side with it.
   */
  exactCount?(): Promise<number | undefined> | undefined;
  /**
   * Optional: the page's rows and the exact number of matches, both found somewhere other than
   * Postgres's list statements (an index in memory), or undefined at once when it cannot answer
   * this window; its promise may still answer undefined.
   */
  indexedPage?(window: PageWindow): Promise<{ total: number; rows: Row[] } | undefined> | undefined;
}

/**
 * A sorted list of the contract: `read` answers one page by `cursor` (keyset, same cost at any
 * depth) or `page` (offset), reading the page and the count side by side, with the `nextCursor`
 * that continues after its last row. `sort` names the order a cursor belongs to.
 */
export function pagedList(sort: string, keyType: 'text' | 'timestamptz' = 'text') {
  const key = `${sort}|${keyType}`;
  let list = lists.get(key);
  if (!list) {
    list = createPagedList(sort, keyType);
    lists.set(key, list);
  }
  return list;
}

// Building a zod schema costs about as much as a whole page's query compile, so each sort's
// cursor schema is built once (the sorts are a fixed whitelist).
const lists = new Map<string, ReturnType<typeof createPagedList>>();

function createPagedList(sort: string, keyType: 'text' | 'timestamptz') {
  const value =
    keyType === 'timestamptz' ? z.string().refine(isPostgresTimestamp) : z.string().max(300).refine(noNul);
  const schema = z.tuple([z.literal(sort), value, z.uuid(), z.number().int().min(2).max(10_000_000)]);
  return {
    async read<Row extends { id: string }, Item, TB extends keyof Database, O>(
      db: Executor,
      input: { cursor?: string | undefined; page?: number | undefined; pageSize: number },
      source: ListSource<Row, Item, TB, O>,
    ): Promise<ListPage<Item>> {
      const after = input.cursor ? decodeCursor(input.cursor, schema) : undefined;
      const page = after?.[3] ?? input.page ?? 1;
      const { pageSize } = input;
      const window = pageWindow(page, pageSize, after && { value: after[1], id: after[2] });
      const { rows, count } = await pageAndTotal(db, source, window);
      const shown = rows.slice(0, pageSize);
      const last = shown.at(-1);
      const total = atLeastSeen(count, { page, pageSize, rows: rows.length });
      return {
        items: await source.toItems(shown),
        page,
        pageSize,
        total: total.total,
        totalPages: Math.ceil(total.total / pageSize),
        totalExact: total.exact,
        nextCursor:
          rows.length > pageSize && last !== undefined
            ? encodeCursor([sort, source.sortValue(last), last.id, page + 1])
            : null,
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
// "Surely" is statistics: a substring search's estimate is the share of the column's histogram
// (1,000 entries, migration 0100/0500) that matches, so at 1M rows 10,000 matches are ~10
// entries, give or take √10 ≈ 3. 1.5× (15 entries) was too tight there: "brow" (9,604 matches)
// was once estimated at 15,221 and answered `totalExact: false`, against the contract. 2.5× is
// three standard deviations at 1M rows (h − 3√h ≥ 10 needs h ≥ 25 entries); tables much larger
// than that need a finer histogram or a wider margin.
const SKIP_COUNT_ABOVE = EXACT_TOTAL_LIMIT * 2.5;
// Below 1.5× the limit rows are always counted, whatever the basis.
const ALWAYS_COUNT_UP_TO = EXACT_TOTAL_LIMIT * 1.5;
// The histogram size of the searched text column (statistics target 1,000, migrations 0100/0500).
const SEARCH_HISTOGRAM_ENTRIES = 1000;

/** A planner estimate and what its uncertainty depends on (see `ListSource.estimateBasis`). */
export interface Estimate {
  rows: number;
  /** Undefined: unknown (the fixed 2.5× margin); null: no substring search (1.5×). */
  search?: { rows: number; tableRows: number } | null;
}

/**
 * Whether the matches surely exceed EXACT_TOTAL_LIMIT, so that counting them can be skipped.
 * With a substring search, the estimate is the search's share of the histogram entries (h of
 * 1,000) times the other filters' selectivities, and h is a Poisson-like count: the true share is
 * above (1 − 3/√h) of the estimate but for a 3σ accident. "brow" at 1M rows (h ≈ 15, estimate
 * 15,221, 9,604 true) is counted; "son" + provider + active at 1M (h ≈ 106 for "son", estimate
 * 17,942, 17,310 true) is not.
 */
export function surelyAbove(estimate: Estimate): boolean {
  if (estimate.rows <= ALWAYS_COUNT_UP_TO) return false;
  if (estimate.search === undefined) return estimate.rows > SKIP_COUNT_ABOVE;
  if (estimate.search === null) return true;
  const hits = (SEARCH_HISTOGRAM_ENTRIES * estimate.search.rows) / Math.max(1, estimate.search.tableRows);
  const lowFactor = hits > 9 ? 1 - 3 / Math.sqrt(hits) : 0;
  return estimate.rows * lowFactor > EXACT_TOTAL_LIMIT;
}

/**
 * The number of rows `matching` (filters only, no selection) finds: exact up to
 * EXACT_TOTAL_LIMIT, the planner's estimate beyond (`exact: false`). The estimate (planning only,
 * no execution) comes first; only when it is near or under the limit are rows counted, and the
 * count stops at the limit, so a broad search over a million rows costs no scan at all.
 */
async function countMatches<TB extends keyof Database, O>(
  db: Executor,
  matching: SelectQueryBuilder<Database, TB, O>,
): Promise<{ total: number; exact: boolean }> {
  const estimate = await estimateMatches(matching);
  if (surelyAbove(estimate)) return { total: estimate.rows, exact: false };
  const counted = await cappedCount(db, matching);
  return counted.exact ? counted : { total: Math.max(estimate.rows, counted.total), exact: false };
}

type PlanJson = [{ Plan?: { 'Plan Rows'?: number; Plans?: { 'Plan Rows'?: number }[] } }] | undefined;

/** The planner's estimate of the rows `matching` finds (planning only, nothing runs). */
async function estimateMatches<TB extends keyof Database, O>(
  matching: SelectQueryBuilder<Database, TB, O>,
  basis?: ListSource<{ id: string }, unknown, TB, O>['estimateBasis'],
): Promise<Estimate> {
  const one = <Q extends SelectQueryBuilder<Database, keyof Database, unknown>>(query: Q) =>
    query.clearSelect().select(sql<number>`1`.as('one'));
  if (!basis) {
    const [plan] = await one(matching as never).explain('json');
    return { rows: planRows(plan), ...(basis === null && { search: null }) };
  }
  // One EXPLAIN, three estimates: the list's, its search alone, and the whole table (the
  // branches of a UNION ALL are the Append's children, in order).
  const [plan] = await one(matching as never)
    .unionAll(one(basis.search))
    .unionAll(one(basis.all))
    .explain('json');
  const branches = (plan ? (Object.values(plan)[0] as PlanJson) : undefined)?.[0]?.Plan?.Plans;
  if (branches?.length !== 3) {
    // A branch the planner proved empty (a scope of no organisation) was dropped: no basis.
    const [alone] = await one(matching as never).explain('json');
    return { rows: planRows(alone) };
  }
  const [list, search, all] = branches.map((branch) => Math.round(Number(branch['Plan Rows'] ?? 0)));
  return { rows: list ?? 0, search: { rows: search ?? 0, tableRows: all ?? 0 } };
}

function planRows(plan: Record<string, unknown> | undefined): number {
  return Math.round(
    Number((plan ? (Object.values(plan)[0] as PlanJson) : undefined)?.[0]?.Plan?.['Plan Rows'] ?? 0),
  );
}

/** The page's rows and the list's total, by the cheapest way the source allows. */
async function pageAndTotal<Row extends { id: string }, Item, TB extends keyof Database, O>(
  db: Executor,
  source: ListSource<Row, Item, TB, O>,
  window: PageWindow,
): Promise<{ rows: Row[]; count: { total: number; exact: boolean } }> {
  // The contract calls any total beyond the limit an estimate, however it was counted.
  const counted = (total: number) => ({ total, exact: total <= EXACT_TOTAL_LIMIT });
  const indexed = await source.indexedPage?.(window);
  if (indexed) return { rows: indexed.rows, count: counted(indexed.total) };
  const counting = source.exactCount?.();
  if (counting) {
    const [rows, total] = await Promise.all([source.page(window), counting]);
    if (total !== undefined) return { rows, count: counted(total) };
  }
  const alone = await pageWithItsEstimate(source, window);
  if (alone) return alone;
  if (source.pageAndCount) return pageThenCount(db, source, source.pageAndCount, window);
  const [rows, count] = await Promise.all([source.page(window), countMatches(db, source.matching)]);
  return { rows, count };
}

/** The page alone when its rows carry an estimate above the counting limit; else undefined. */
async function pageWithItsEstimate<Row extends { id: string }, Item, TB extends keyof Database, O>(
  source: ListSource<Row, Item, TB, O>,
  window: PageWindow,
): Promise<{ rows: Row[]; count: { total: number; exact: boolean } } | undefined> {
  if (!source.estimateFromPage) return undefined;
  const rows = await source.page(window);
  const estimate = source.estimateFromPage(rows);
  return estimate !== undefined && surelyAbove({ rows: estimate, search: null })
    ? { rows, count: { total: estimate, exact: false } }
    : undefined;
}

/**
 * The estimate first. Under the limit, the page and the count come from one statement that
 * passes over the matches once (the count and the page used to read them twice); above it but
 * not surely so (`surelyAbove`), the page and a capped count run side by side; else the page
 * alone with the estimate.
 * When the count finds more than EXACT_TOTAL_LIMIT after all, the total is an estimate, as in
 * `countMatches`.
 */
async function pageThenCount<Row extends { id: string }, Item, TB extends keyof Database, O>(
  db: Executor,
  source: ListSource<Row, Item, TB, O>,
  pageAndCount: NonNullable<ListSource<Row, Item, TB, O>['pageAndCount']>,
  window: PageWindow,
): Promise<{ rows: Row[]; count: { total: number; exact: boolean } }> {
  const estimated =
    source.knownEstimate?.() ?? (await estimateMatches(source.matching, source.estimateBasis));
  const estimate = estimated.rows;
  if (estimate <= EXACT_TOTAL_LIMIT) {
    const both = await pageAndCount(window);
    if (both.page) return { rows: both.page, count: { total: both.matched, exact: true } };
    const rows = await source.page(window);
    return { rows, count: { total: Math.max(estimate, both.matched), exact: false } };
  }
  if (!surelyAbove(estimated)) {
    // Likely more than the limit: the page and a count that stops at the limit, side by side
    // (collecting up to 10,001 matches to sort the page out of them would be wasted).
    const [rows, counted] = await Promise.all([
      source.page(window),
      source.preparedMatching
        ? cappedCount(db, source.preparedMatching, { prepared: true })
        : cappedCount(db, source.matching),
    ]);
    return {
      rows,
      count: counted.exact ? counted : { total: Math.max(estimate, counted.total), exact: false },
    };
  }
  return { rows: await source.page(window), count: { total: estimate, exact: false } };
}

/** The window of `page`: after a keyset position when the cursor gave one, else at an offset. */
function pageWindow(page: number, pageSize: number, after: KeysetPosition | undefined): PageWindow {
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
  { prepared = false } = {},
): Promise<{ total: number; exact: boolean }> {
  const capped = query
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`1`.as('one'))
    .limit(EXACT_TOTAL_LIMIT + 1)
    .as('capped');
  const count = db.selectFrom(capped).select(sql<number>`count(*)::int`.as('total'));
  const [row] = prepared ? await executePrepared(db, count) : await count.execute();
  const total = row?.total ?? 0;
  return { total, exact: total <= EXACT_TOTAL_LIMIT };
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
