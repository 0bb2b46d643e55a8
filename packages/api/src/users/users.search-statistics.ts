import { type Executor, plannerRowCount } from '@praxis/db';
import { EXACT_TOTAL_LIMIT } from '@praxis/validators';
import { sql } from 'kysely';
import type { Estimate } from '../list-paging';
import { isWholeListSearch, type UserListCriteria } from './users.list.queries';

// How long statistics read from Postgres serve before they are read again (in the background,
// the old ones answering meanwhile). They change when the table is analyzed and as it grows.
const REFRESH_MS = 5_000;

interface Statistics {
  /** The histogram of `user_search.search_text` (statistics target 1,000, migration 0500). */
  bounds: string[];
  /** The table's rows as the planner counts them: reltuples scaled to its size now. */
  tableRows: number;
  /** The share of rows not archived (the null share of `archived_at`). */
  unarchivedShare: number;
  /** The rows' shares by role (`most_common_elems` of `roles`) and by organisation (its most common values). */
  roles: Shares;
  organizations: Shares;
}

interface Shares {
  listed: Map<string, number>;
  /** The share of a value not listed, at most. */
  unlisted: number;
}

// No statistics: any value may be anyone's.
const ANY: Shares = { listed: new Map(), unlisted: 1 };

interface Held {
  statistics?: Statistics | undefined;
  readAt?: number;
  reading?: Promise<void> | undefined;
}

const held = new WeakMap<Executor, Held>();

/**
 * The planner's estimate of a substring search of the whole unarchived list (`search_text LIKE
 * '%term%' AND archived_at IS NULL`), worked out here from the statistics the planner itself uses:
 * the share of the column's histogram that contains the term (as Postgres estimates a pattern
 * that does not start with its text), times the table's rows as the planner scales them, times
 * the unarchived share. An EXPLAIN round trip per search cost ~1.2–1.5 ms of Postgres planning
 * (three LIKE estimates over the histogram) and ~0.3 ms of the server's. Undefined until the
 * statistics have been read (the caller asks the planner meanwhile), and for a table never
 * analyzed.
 */
export function estimateWholeListSearch(db: Executor, search: string): Estimate | undefined {
  const statistics = heldStatistics(db);
  return statistics && searchEstimate(statistics, search);
}

function searchEstimate(statistics: Statistics, search: string): Estimate {
  const needle = search.replace(/\s+/g, ' ').toLowerCase();
  let hits = 0;
  for (const bound of statistics.bounds) if (bound.includes(needle)) hits++;
  // Postgres keeps a pattern's selectivity off 0 and 1 the same way.
  const share = Math.min(0.9999, Math.max(0.0001, hits / statistics.bounds.length));
  const searchRows = Math.round(share * statistics.tableRows);
  // At least one row, as the planner rounds its own.
  return {
    rows: Math.max(1, Math.round(searchRows * statistics.unarchivedShare)),
    search: { rows: Math.max(1, searchRows), tableRows: statistics.tableRows },
  };
}

/** The statistics held for `db`, read again in the background once they are REFRESH_MS old. */
function heldStatistics(db: Executor): Statistics | undefined {
  let entry = held.get(db);
  if (!entry) {
    entry = {};
    held.set(db, entry);
  }
  const { statistics } = entry;
  if ((entry.readAt === undefined || Date.now() - entry.readAt > REFRESH_MS) && !entry.reading) {
    const holder = entry;
    holder.reading = readStatistics(db)
      .then(
        (read) => {
          holder.statistics = read;
        },
        // Unreadable now (the database is down): the held statistics, or the planner, answer.
        () => undefined,
      )
      .finally(() => {
        holder.readAt = Date.now();
        holder.reading = undefined;
      });
  }
  return statistics;
}

/**
 * What the held statistics tell of the matches of `criteria`'s search, without asking the
 * planner. The whole unarchived list's search: its estimate (above). A search narrowed by a scope
 * or by filters matches a subset of those rows, about the share of them that its roles filter and
 * its organisations (scope or filter) leave (see `shareNarrowedTo`). Within the counting limit the
 * narrower list is counted straight away (an EXPLAIN, ~1 ms of planning, would only tell how far
 * under the limit it is; a count that finds more stops at the limit, as after a planner's
 * estimate too low); above it, undefined: the planner, which weighs every filter, is asked. Lists
 * of archived users are not within the unarchived list: undefined.
 */
export function knownSearchEstimate(db: Executor, criteria: UserListCriteria): Estimate | undefined {
  if (!criteria.search || criteria.filters.archived) return undefined;
  const statistics = heldStatistics(db);
  if (!statistics) return undefined;
  const whole = searchEstimate(statistics, criteria.search);
  if (isWholeListSearch(criteria)) return whole;
  const rows = Math.ceil(whole.rows * shareNarrowedTo(statistics, criteria));
  return rows <= EXACT_TOTAL_LIMIT ? { ...whole, rows } : undefined;
}

/**
 * The share of users that the roles filter and the organisations (the caller's scope, the
 * organisation filter) leave, each as the planner weighs it, taken as independent of each other
 * and of the term; the other filters only narrow further.
 */
function shareNarrowedTo(statistics: Statistics, { scope, filters }: UserListCriteria): number {
  const withRoles = filters.roles?.length ? shareOf(statistics.roles, filters.roles) : 1;
  const inScope = scope.all ? 1 : shareOf(statistics.organizations, scope.organizationIds);
  const inOrganization = filters.organizationId
    ? shareOf(statistics.organizations, [filters.organizationId])
    : 1;
  return withRoles * Math.min(inScope, inOrganization);
}

/** The share of rows holding any of `values`. */
function shareOf(shares: Shares, values: readonly string[]): number {
  let share = 0;
  for (const value of new Set(values)) share += shares.listed.get(value) ?? shares.unlisted;
  return Math.min(1, share);
}

async function readStatistics(db: Executor): Promise<Statistics | undefined> {
  const { rows } = await sql<{
    bounds: string[] | null;
    tableRows: number | null;
    unarchivedShare: number | null;
    roles: string[] | null;
    roleFrequencies: number[] | null;
    organizations: string[] | null;
    organizationFrequencies: number[] | null;
  }>`
    select
      ${statisticOf('search_text', 'array_to_json(s.histogram_bounds::text::text[])')} as bounds,
      ${statisticOf('archived_at', 's.null_frac')} as unarchived_share,
      ${statisticOf('roles', 'array_to_json(s.most_common_elems::text::text[])')} as roles,
      ${statisticOf('roles', 'array_to_json(s.most_common_elem_freqs)')} as role_frequencies,
      ${statisticOf('organization_id', 'array_to_json(s.most_common_vals::text::text[])')} as organizations,
      ${statisticOf('organization_id', 'array_to_json(s.most_common_freqs)')} as organization_frequencies,
      ${plannerRowCount('user_search')}::float8 as table_rows`.execute(db);
  const row = rows[0];
  // Histograms under 100 entries are blended with a default by the planner: not worth copying.
  if (!row?.bounds || row.bounds.length < 100 || !row.tableRows || row.tableRows <= 0) return undefined;
  return {
    bounds: row.bounds,
    tableRows: row.tableRows,
    unarchivedShare: row.unarchivedShare ?? 1,
    roles: sharesOf(row.roles, row.roleFrequencies),
    organizations: sharesOf(row.organizations, row.organizationFrequencies),
  };
}

/** `expression` (SQL of this file, over `pg_stats s`) for `column` of `user_search`. */
function statisticOf(column: string, expression: string) {
  return sql`(select ${sql.raw(expression)} from pg_stats s
    where s.schemaname = current_schema() and s.tablename = 'user_search' and s.attname = ${column})`;
}

/**
 * The rows' shares by value, from a column's most common values (or array elements) and their
 * frequencies, in the same order (an array column's list ends with three more numbers: the least
 * and greatest frequency and that of null elements). A value not listed is taken to be no more
 * common than the least listed.
 */
function sharesOf(values: string[] | null, frequencies: number[] | null): Shares {
  if (!values?.length || !frequencies || frequencies.length < values.length) return ANY;
  const listed = frequencies.slice(0, values.length);
  return {
    listed: new Map(values.map((value, i) => [value, listed[i] ?? 1])),
    unlisted: Math.min(...listed),
  };
}
