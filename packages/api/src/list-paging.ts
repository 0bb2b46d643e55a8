import type { Database, Executor } from '@praxis/db';
import { EXACT_TOTAL_LIMIT } from '@praxis/validators';
import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { cappedCount, decodeCursor } from './paging';
import type { scopeOf } from './policy';

/** Which organisations a list may show (from `scopeOf`). */
export type OrganizationScope = ReturnType<typeof scopeOf>;

/** `%`, `_` and `\` typed by a user match themselves in LIKE. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * A keyset cursor of a sorted list: the sort it belongs to, the last row's sort key (as Postgres
 * text, so timestamps keep their microseconds) and id, and the page number it leads to.
 */
export function keysetCursor(sort: string, keyType: 'text' | 'timestamptz' = 'text') {
  const value =
    keyType === 'timestamptz' ? z.string().refine(isPostgresTimestamp) : z.string().max(300).refine(noNul);
  const schema = z.tuple([z.literal(sort), value, z.uuid(), z.number().int().min(2).max(10_000_000)]);
  return {
    /** The key `toListPage` encodes into `nextCursor`. */
    key: (value: string, id: string, page: number) => [sort, value, id, page] as const,
    decode: (cursor: string) => {
      const [, value, id, page] = decodeCursor(cursor, schema);
      return { value, id, page };
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
export function pageWindow<K>(page: number, pageSize: number, after: K | undefined) {
  return after ? { limit: pageSize + 1, after } : { limit: pageSize + 1, offset: (page - 1) * pageSize };
}
