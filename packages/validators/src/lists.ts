import { z } from 'zod';

/** The largest `total` counted exactly; beyond it lists answer an estimate (`totalExact: false`). */
export const EXACT_TOTAL_LIMIT = 10_000;

export const pageSchema = z
  .number({ error: 'Page must be a number' })
  .int('Page must be a whole number')
  .min(1, 'Pages start at 1')
  .max(1_000_000, 'Page is too large: page by cursor instead');

export const pageSizeSchema = z
  .number({ error: 'Page size must be a number' })
  .int('Page size must be a whole number')
  .min(1, 'Page size is at least 1')
  .max(100, 'Page size is at most 100')
  .default(20);

/** `asc` or `desc`, in any case (clients of the system this API replaces send "ASC"/"DESC"). */
export const sortDirSchema = z
  .string({ error: 'Sort direction must be asc or desc' })
  .max(4, 'Sort direction must be asc or desc')
  .toLowerCase()
  .pipe(z.enum(['asc', 'desc'], { error: 'Sort direction must be asc or desc' }))
  .default('desc');

export const cursorSchema = z
  .string({ error: 'Cursor must be a string' })
  .min(1, 'Cursor is empty')
  .max(512, 'This cursor is not valid');

/** Text a user typed: trimmed, bounded, never a NUL (Postgres text cannot hold one). */
export function plainText(max: number, label = 'This field') {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `At most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'Must not contain NUL characters');
}

const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

/**
 * A point in time as a Date (superjson) or an ISO string. A date-only string keeps its
 * `dateOnly` flag so an inclusive upper bound can cover that whole day.
 */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()], { error: 'Use a date like 2026-01-31' })
  .transform((value) => ({
    at: value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value),
    dateOnly: typeof value === 'string' && value.length === 10,
  }))
  .refine(
    ({ at }) => at.getTime() >= EARLIEST && at.getTime() <= LATEST,
    'Dates must lie between 1900 and 9999',
  );

/**
 * Every list's answer: one page of `items`; `total` is exact up to EXACT_TOTAL_LIMIT matches
 * (`totalExact`), an estimate beyond; `nextCursor` continues after the last item, null on the last page.
 */
export interface ListPage<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  totalExact: boolean;
  nextCursor: string | null;
}
