import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { type Executor, namedPreparedStatement, preparedStatement } from '@praxis/db';
import type { ListPage } from '@praxis/validators';
import { type RawBuilder, sql } from 'kysely';
import type { Logger } from 'pino';
import { FOLLOW_AT_MOST_MS, SNAPSHOT, type Snapshot, sinceValuesOf, writtenSince } from './users.change-feed';
import type { UserListOrder } from './users.list.queries';
import type { User } from './users.mapper';

/**
 * The first page of the whole users list (every organisation, no search, no filter) in each
 * order and size asked for, kept in this process's memory for the many admins who open the same
 * users screen. Before each answer the database's change feed is read (migrations 2026_12_01_0600
 * and 0800): a write committed before the request, by any process, that could change the page
 * (a user on it, one who would sort into it, their organisation or patients, or where the total
 * is exact any user created, archived, restored or deleted) drops it, and the page is read again.
 * Presence is not kept: it is read for each answer. A kept page's objects are shared by the
 * answers: nothing may change them.
 */
export interface FirstPages {
  read(
    shape: { order: UserListOrder; pageSize: number },
    ways: {
      /** The page as users.list reads it, presence included. */
      load(): Promise<ListPage<User>>;
      /** A kept page with each user's presence read now. */
      withPresence(page: ListPage<User>): Promise<ListPage<User>>;
    },
  ): Promise<ListPage<User>>;
}

// A kept page is read again at least this often: its total, where it is the planner's estimate,
// moves when Postgres's statistics do, with no write of ours.
const MAX_AGE_MS = 10_000;
// Orders and sizes kept at most (6 sorts × 2 directions, a few page sizes).
const MAX_PAGES = 64;
// The reads of the feed remembered, to check a page read while they ran.
const FEEDS_KEPT = 64;

/** A kept page, and what a change must touch to change it. */
interface Kept {
  page: ListPage<User>;
  order: UserListOrder;
  ids: Set<string>;
  organizationIds: Set<string>;
  /** The sort value (ms) of its last user; null: none (the last user never active). */
  last: number | null;
  /** Fewer users than the page holds: any new one joins it. */
  short: boolean;
  expiresAt: number;
}

/** What one read of the feed found. */
type Feed = {
  /**
   * Users written: id, archived, created (µs), last active (µs), and whether the write created,
   * archived or restored them (what changes the whole list's count).
   */
  users: [string, boolean, number, number | null, boolean][];
  /** Users deleted (a null: the table was truncated). */
  removed: (string | null)[];
  /** Organisations written, and users whose patients changed (a null id: every one of its kind). */
  others: ['organization' | 'patients', string | null][];
};

// A first read (or one after the feed could not be read) knows nothing of what was written before
// it: as if every user had changed.
const EVERYTHING: Feed = { users: [], removed: [null], others: [] };

export function createFirstPages(db: Executor, logger: Logger): FirstPages {
  const kept = new Map<string, Kept>();
  let since: Snapshot | undefined;
  let readAt = 0;
  // Turns of the feed read so far, and the last FEEDS_KEPT of them by turn.
  let turn = 0;
  const feeds = new Map<number, Feed>();

  const readFeed = async (): Promise<number | undefined> => {
    try {
      if (!since || Date.now() - readAt > FOLLOW_AT_MOST_MS) {
        const [start] = await feedStart(db, []);
        if (!start) throw new Error('the change feed answered no row');
        kept.clear();
        return record(start, EVERYTHING);
      }
      const [read] = await listChanges(db, sinceValuesOf(since));
      if (!read) throw new Error('the change feed answered no row');
      const feed = listedOrEverything(read);
      for (const [key, page] of kept) if (touches(feed, page)) kept.delete(key);
      return record(read, feed);
    } catch (error) {
      logger.debug({ err: error }, 'users list: changes not read, first page read by Postgres');
      kept.clear();
      since = undefined;
      return undefined;
    }
  };

  const record = (snapshot: Snapshot, feed: Feed) => {
    since = { xmax: snapshot.xmax, running: snapshot.running };
    readAt = Date.now();
    turn += 1;
    feeds.set(turn, feed);
    feeds.delete(turn - FEEDS_KEPT);
    return turn;
  };

  const nextRead = turns(readFeed);

  return {
    async read({ order, pageSize }, { load, withPresence }) {
      const key = `${order.sortBy}:${order.sortDir}:${pageSize}`;
      const after = await nextRead();
      const found = kept.get(key);
      if (after !== undefined && found && Date.now() < found.expiresAt) return withPresence(found.page);
      const loadedFrom = Date.now();
      const page = await load();
      if (after === undefined) return page;
      const candidate = keptOf(page, order, loadedFrom);
      // The feeds read while the page was: a change they hold may be missing from its rows.
      for (let read = after + 1; read <= turn; read++) {
        const feed = feeds.get(read);
        if (!feed || touches(feed, candidate)) return page;
      }
      if (since && (kept.has(key) || kept.size < MAX_PAGES)) kept.set(key, candidate);
      return page;
    },
  };
}

/**
 * `read` run once at a time: each call resolves with the result of a run that started after it
 * was made (an earlier run may not see a write that returned just before), shared by every call
 * made until that run starts.
 */
function turns<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<unknown> = Promise.resolve();
  let next: Promise<T> | undefined;
  return () => {
    if (!next) {
      const started = running
        .then(() => yieldToRequests())
        .then(() => {
          next = undefined;
          return read();
        });
      next = started;
      running = started.catch(() => {});
    }
    return next;
  };
}

/** What a kept page depends on, from the page itself (read from `now` on). */
function keptOf(page: ListPage<User>, order: UserListOrder, now: number): Kept {
  let expiresAt = now + MAX_AGE_MS;
  const organizationIds = new Set<string>();
  for (const user of page.items) {
    if (user.organizationId) organizationIds.add(user.organizationId);
    // What toUser works out from the clock: a suspension that lapses, a start date that arrives.
    const suspendedUntil = user.suspendedUntil?.getTime();
    if (suspendedUntil !== undefined && suspendedUntil > now) expiresAt = Math.min(expiresAt, suspendedUntil);
    const effective = user.effectiveDate ? Date.parse(user.effectiveDate) : Number.NaN;
    if (effective > now) expiresAt = Math.min(expiresAt, effective);
  }
  const lastUser = page.items.at(-1);
  const last =
    order.sortBy === 'createdAt'
      ? (lastUser?.createdAt.getTime() ?? null)
      : (lastUser?.lastActivity?.getTime() ?? null);
  return {
    page,
    order,
    ids: new Set(page.items.map((user) => user.id)),
    organizationIds,
    last,
    short: page.items.length < page.pageSize,
    expiresAt,
  };
}

/** Whether a change the feed holds could change the kept page. */
function touches(feed: Feed, page: Kept): boolean {
  const exact = page.page.totalExact;
  for (const id of feed.removed) if (id === null || exact || page.ids.has(id)) return true;
  for (const [kind, id] of feed.others) {
    if (id === null || (kind === 'organization' ? page.organizationIds : page.ids).has(id)) return true;
  }
  for (const [id, archived, created, lastActivity, listedOrUnlisted] of feed.users) {
    if (page.ids.has(id) || (exact && listedOrUnlisted)) return true;
    if (!archived && (page.short || sortsIntoPage(page, created, lastActivity))) return true;
  }
  return false;
}

/**
 * Whether a user not on the page, with these sort values (µs), would sort at or before its last
 * user. A page's times are whole milliseconds (Postgres keeps microseconds): within a
 * millisecond either side of the last user's, it is taken to.
 */
function sortsIntoPage({ order, last }: Kept, created: number, lastActivity: number | null): boolean {
  const value =
    order.sortBy === 'createdAt' ? created : order.sortBy === 'lastActivity' ? lastActivity : undefined;
  // Sorted by a value the feed does not carry (names, email, last sign-in): any user may.
  if (value === undefined) return true;
  // Never active sorts lowest (-infinity), as the list orders it.
  const ms = value === null ? Number.NEGATIVE_INFINITY : value / 1000;
  const lastMs = last ?? Number.NEGATIVE_INFINITY;
  return order.sortDir === 'desc' ? ms >= lastMs - 1 : ms <= lastMs + 1;
}

const feedStart = preparedStatement<Snapshot>((db) => ({
  compile: () => sql<Snapshot>`select ${SNAPSHOT}`.compile(db),
}));

const MICROSECONDS = (column: string) => sql`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint`;

// A read lists at most this many changes of each kind; beyond, as after a bulk write, every
// kept page is dropped (most would be anyway) rather than every change sent and held.
const MAX_CHANGES = 1000;

const listChanges = namedPreparedStatement(['oldest', 'xmax', 'running'], (db, v) => {
  const since = writtenSince(v);
  const first = (entry: RawBuilder<unknown>, table: string, xid: string) =>
    sql`coalesce((select json_agg(c.entry) from (select ${entry} as entry from ${sql.table(table)}
      where ${since(xid)} limit ${sql.lit(MAX_CHANGES + 1)}) as c), '[]')`;
  const user = sql`json_build_array(id, archived_at is not null, ${MICROSECONDS('created_at')},
    ${MICROSECONDS('last_activity')}, coalesce(${since('listed_xid')}, false))`;
  return {
    compile: () =>
      sql<Snapshot & Feed>`select ${SNAPSHOT},
        ${first(user, 'user_search', 'changed_xid')} as users,
        ${first(sql`id`, 'user_search_removed', 'removed_xid')} as removed,
        ${first(sql`json_build_array(kind, id)`, 'user_list_changes', 'changed_xid')} as others`.compile(db),
  };
});

/** The feed as read, or as if everything had changed when it holds too many changes to list. */
function listedOrEverything(feed: Feed): Feed {
  const { users, removed, others } = feed;
  return Math.max(users.length, removed.length, others.length) > MAX_CHANGES ? EVERYTHING : feed;
}
