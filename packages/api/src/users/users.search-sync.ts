import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { type Executor, namedPreparedStatement, preparedStatement, type UserStatus } from '@praxis/db';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { FOLLOW_AT_MOST_MS, SNAPSHOT, type Snapshot, sinceValuesOf, writtenSince } from './users.change-feed';
import { pagesInPlaces, selectUsersInOrder, type UserPageRow, usersInOrderQuery } from './users.list.queries';
import {
  giveIndex,
  giveNone,
  type IndexGiver,
  type IndexHandOver,
  type IndexTaker,
  takeIndex,
} from './users.search-handover';
import { type IndexedScope, type IndexedUser, type IndexedWindow, SearchIndex } from './users.search-index';

/** The substring searches of users a process can answer from memory: exact counts, and pages. */
export interface UserSearchMemory {
  /**
   * How many users in `scope` hold `search` in their search text, and with `window` that window
   * of them in its order, their ids and page rows, as of a read of the database's changes that
   * starts after this call. Undefined at once when memory cannot answer (the index is off or
   * still being built, or the term is unsuited); the promise's undefined when the changes could
   * not be read or the term's candidates are too many. `guessed` is told the window's ids as the
   * index holds them before the changes are read (most often the answer's): for work on them that
   * can go alongside that read.
   */
  match(
    search: string,
    scope: IndexedScope,
    window?: IndexedWindow,
    guessed?: Guessed,
  ): Promise<SearchMatch | undefined> | undefined;
  /** Resolves once the index is built (true), or as soon as it cannot be (false). */
  ready(): Promise<boolean>;
  /** Stops building or following the database; counts answer undefined from then on. */
  stop(): void;
}

/** A search answered from memory: its exact total, and the window asked for, its ids and rows. */
export type SearchMatch = { total: number; ids?: string[]; rows?: UserPageRow[] };

/** Told a window's ids as the index holds them, before the changes are read. */
export type Guessed = (ids: readonly string[]) => void;

/** Memory's answers when USER_SEARCH_INDEX_MAX_USERS is 0: none. */
export const noSearchMemory: UserSearchMemory = {
  match: () => undefined,
  ready: async () => false,
  stop: () => {},
};

/** Heap pages of `user_search` read per statement while building (about 5,000 users). */
const BUILD_PAGES = 160;
/** Users indexed between two turns of the event loop while building (~5 ms at 1M users). */
const BUILD_SLICE = 250;
// A process of the server that takes the index another builds waits this long for it (1M users
// are built in 15-40 s), then builds its own; until then, as while building, searches go to Postgres.
const TAKE_WITHIN_MS = 5 * 60_000;
// After a build that failed (the database unreachable, say), searches go to Postgres this long
// before another build is tried.
const RETRY_BUILD_MS = 30_000;

type State =
  | { kind: 'idle'; notBefore: number }
  | { kind: 'building'; done: Promise<boolean> }
  | { kind: 'ready'; index: SearchIndex; since: Snapshot; readAt: number }
  | { kind: 'off' };

/**
 * Substring searches from an index in this process's memory, kept exact by reading the database's
 * change feed (migration 2026_12_01_0600) before each answer: a write committed before a count
 * was asked for is in it, whichever process made the write. The index is built when the server
 * starts (`ready`) or on the first search, `buildPages` heap pages a statement, indexed between
 * requests; until then, and for more than `maxUsers` users, searches are left to Postgres.
 */
export function createUserSearchMemory(
  db: Executor,
  logger: Logger,
  options: { maxUsers: number; buildPages?: number; handOver?: IndexHandOver | undefined },
): UserSearchMemory {
  const { maxUsers, buildPages = BUILD_PAGES } = options;
  if (maxUsers <= 0) return noSearchMemory;
  let state: State = { kind: 'idle', notBefore: 0 };
  const tooMany = () => {
    logger.warn(
      { maxUsers },
      'user search: more users than USER_SEARCH_INDEX_MAX_USERS, searched by Postgres',
    );
    state = { kind: 'off' };
    return false;
  };
  // The reads of the changes in flight or due (done: resolved), and the searches waiting for the
  // next one to start.
  let reading: Promise<unknown> = Promise.resolve();
  let waiting: Asked[] = [];

  const ready = (index: SearchIndex, since: Snapshot, how: string) => {
    if (index.size > maxUsers) return tooMany();
    state = { kind: 'ready', index, since, readAt: Date.now() };
    logger.info({ users: index.size }, `user search: index ${how}`);
    return true;
  };

  /** Reads every user; `beforeReady` is given the index before it answers (while nothing changes it). */
  const buildFromDatabase = async (beforeReady?: (index: SearchIndex, since: Snapshot) => Promise<void>) => {
    const [snapshot] = await feedStart(db, []);
    if (!snapshot?.lowersAscii) return false;
    const index = new SearchIndex();
    for (let page = 0, pages = 1; page < pages; page += buildPages) {
      if (state.kind !== 'building') return false;
      const [rows] = await indexBatch(db, [`(${page},0)`, `(${page + buildPages},0)`]);
      const batch = rows?.batch ?? [];
      pages = rows?.pages ?? 0;
      // Indexed in slices with the requests' turns in between: a whole batch would hold the event
      // loop for ~80 ms at 1M users.
      for (let from = 0; from < batch.length; from += BUILD_SLICE) {
        await yieldToRequests();
        if (state.kind !== 'building') return false;
        const to = Math.min(batch.length, from + BUILD_SLICE);
        for (let i = from; i < to; i++) index.upsert(userOf(batch[i] as FeedRow));
      }
      if (index.size > maxUsers) return tooMany();
    }
    index.compact();
    await beforeReady?.(index, snapshot);
    if (state.kind !== 'building') return false;
    return ready(index, snapshot, 'built');
  };

  /** The index another process of the server built, if it comes; undefined: build one. */
  const taken = (share: IndexTaker) =>
    takeIndex(share, { withinMs: TAKE_WITHIN_MS, stillWanted: () => state.kind === 'building' }).catch(
      (error: unknown) => {
        logger.warn({ err: error }, 'user search: the index handed over could not be read; building one');
        return undefined;
      },
    );

  /** Builds the index and gives it to the server's other processes, or tells them none comes. */
  const buildAndGive = async (share: IndexGiver) => {
    let given = false;
    try {
      return await buildFromDatabase(async (index, since) => {
        given = await giveIndex(share, index, since).then(
          () => true,
          (error: unknown) => {
            logger.warn(
              { err: error },
              'user search: the index could not be handed over; each process builds its own',
            );
            return false;
          },
        );
      });
    } finally {
      if (!given) {
        await giveNone(share.dir).catch((error: unknown) =>
          logger.warn({ err: error }, 'user search: hand-over not ended'),
        );
      }
    }
  };

  // The first build takes part in the server's hand-over of one build, when it has one.
  let handOver = options.handOver;
  const build = async (): Promise<boolean> => {
    const share = handOver;
    handOver = undefined;
    if (share && 'give' in share) return buildAndGive(share);
    if (share && 'take' in share) {
      const index = await taken(share);
      if (state.kind !== 'building') return false;
      if (index) return ready(index.index, index.since, 'taken from another server process');
    }
    return buildFromDatabase();
  };

  const startBuild = () => {
    const building = { kind: 'building' as const, done: Promise.resolve(false) };
    state = building;
    building.done = build().catch((error: unknown) => {
      logger.warn({ err: error }, 'user search: index not built, counted by Postgres until the next search');
      return false;
    });
    void building.done.then((built) => {
      if (!built && state === building) state = { kind: 'idle', notBefore: Date.now() + RETRY_BUILD_MS };
    });
  };

  /**
   * Answers the searches asked since the last read, each as of a read of the changes that started
   * after it was asked. A window's page is guessed from the index as it stands, and its rows are
   * read in the same statement as the changes: when the changes leave the window as guessed (no
   * change at all, most often), those rows are its rows, as of that statement; otherwise its rows
   * are read again.
   */
  const answer = async (asked: Asked[]): Promise<void> => {
    if (state.kind !== 'ready') return leaveToPostgres(asked);
    const ready = state;
    const guesses = asked.map(({ term, scope, window }) =>
      window ? ready.index.match(term, scope, window) : undefined,
    );
    const lists = guesses.flatMap((guess) => (guess?.ids?.length ? [guess.ids] : []));
    for (const [i, { guessed }] of asked.entries()) {
      const ids = guesses[i]?.ids;
      if (guessed && ids?.length) guessed(ids);
    }
    let read: { changes: Changes; pages: UserPageRow[][] } | undefined;
    try {
      read = await changesWithPages(db, ready.since, lists);
    } catch (error) {
      logger.debug({ err: error }, 'user search: changes not read, counted by Postgres');
      return leaveToPostgres(asked);
    }
    const { changes, pages } = read;
    if (state !== ready) return leaveToPostgres(asked);
    if (changes.truncated) {
      startBuild();
      return leaveToPostgres(asked);
    }
    for (const id of changes.removed) ready.index.remove(id);
    for (const row of changes.changed) ready.index.upsert(userOf(row));
    if (ready.index.size > maxUsers) {
      tooMany();
      return leaveToPostgres(asked);
    }
    ready.since = { xmax: changes.xmax, running: changes.running };
    ready.readAt = Date.now();
    const unchanged = changes.changed.length === 0 && changes.removed.length === 0;
    let page = 0;
    for (const [i, { term, scope, window, resolve }] of asked.entries()) {
      const guess = guesses[i];
      const rows = guess?.ids?.length ? pages[page++] : [];
      const found = unchanged && window ? guess : ready.index.match(term, scope, window);
      if (!found?.ids) resolve(found);
      else if (rows && sameIds(found.ids, guess?.ids)) resolve({ ...found, rows });
      else {
        const ids = found.ids;
        selectUsersInOrder(db, ids).then(
          (reread) => resolve({ ...found, rows: reread }),
          (error: unknown) => {
            logger.debug({ err: error }, 'user search: page not read, read by Postgres');
            resolve(undefined);
          },
        );
      }
    }
  };

  // One read of the changes at a time. A search waits for the next read that starts after it was
  // asked for (an earlier one may not see a write that returned just before), shared by every
  // search asked for until it starts: it starts once the read before it is done and the searches
  // of that turn of the event loop have all asked.
  const ask = (term: string, scope: IndexedScope, window: IndexedWindow | undefined, guessed?: Guessed) =>
    new Promise<SearchMatch | undefined>((resolve) => {
      waiting.push({ term, scope, window, guessed, resolve });
      if (waiting.length > 1) return;
      reading = reading
        .then(() => yieldToRequests())
        .then(() => {
          const asked = waiting;
          waiting = [];
          return answer(asked).catch((error: unknown) => {
            logger.warn({ err: error }, 'user search: answered by Postgres');
            leaveToPostgres(asked);
          });
        });
    });

  return {
    match(search, scope, window, guessed) {
      const term = searchTermOf(search);
      if (term === undefined) return undefined;
      if (state.kind === 'idle' && Date.now() >= state.notBefore) startBuild();
      if (state.kind !== 'ready' || !state.index.answerable(term)) return undefined;
      if (Date.now() - state.readAt > FOLLOW_AT_MOST_MS) {
        startBuild();
        return undefined;
      }
      return ask(term, scope, window, guessed);
    },
    async ready() {
      if (state.kind === 'idle') startBuild();
      if (state.kind === 'building') return state.done;
      return state.kind === 'ready';
    },
    stop() {
      state = { kind: 'off' };
    },
  };
}

/**
 * The term as the index compares it: `users.list` collapses whitespace and Postgres lowers it;
 * only printable ASCII is lowered here (where every collation agrees with JavaScript), anything
 * else is left to Postgres.
 */
function searchTermOf(search: string): string | undefined {
  const term = search.replace(/\s+/g, ' ');
  return term.length >= 3 && PRINTABLE_ASCII.test(term) ? term.toLowerCase() : undefined;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function userOf([
  id,
  organizationId,
  archived,
  text,
  createdAt,
  roles,
  status,
  suspendedUntil,
  lastActivity,
]: FeedRow): IndexedUser {
  return { id, organizationId, archived, text, createdAt, roles, status, suspendedUntil, lastActivity };
}

// And whether the database lowers ASCII as JavaScript does (a Turkish collation lowers I to ı).
const feedStart = preparedStatement<Snapshot & { lowersAscii: boolean }>((db) => ({
  compile: () =>
    sql<Snapshot & { lowersAscii: boolean }>`select ${SNAPSHOT},
      lower('ABCDEFGHIJKLMNOPQRSTUVWXYZ') = 'abcdefghijklmnopqrstuvwxyz' as "lowersAscii"`.compile(db),
}));

const USER_FIELDS = sql`json_build_array(id, organization_id, archived_at is not null, search_text,
  (extract(epoch from created_at) * 1000000)::bigint, roles, status,
  (extract(epoch from suspended_until) * 1000000)::bigint, (extract(epoch from last_activity) * 1000000)::bigint)`;

// The users of a range of heap pages, and how many pages the table has now. Read in the heap's
// order, not the ids': a walk of the primary key reads the pages at random, three times Postgres's
// time for the whole build at 1M users (~14 s → ~5 s). A row that moves to a page already read,
// or comes after the last, was written after the build's snapshot: the change feed brings it.
const indexBatch = preparedStatement<{ batch: FeedRow[] | null; pages: number }>((db) => ({
  compile: () =>
    sql<{ batch: FeedRow[] | null; pages: number }>`select json_agg(${USER_FIELDS}) as batch,
      (select (pg_relation_size('user_search') / current_setting('block_size')::int)::int) as pages
      from user_search where ctid >= $1::tid and ctid < $2::tid`.compile(db),
}));

// The changes, and the page rows of lists of ids (one after the other, none for a count), in one
// statement: one row per page row (a single row of nulls when no id has a row), the first of
// which carries the changes (after a bulk write they can be large: not sent again with every row).
const changesAndRows = namedPreparedStatement(['oldest', 'xmax', 'running', 'ids'], (db, v) => {
  const since = writtenSince(v);
  const feed = sql<Changes>`(select ${SNAPSHOT},
    coalesce((select json_agg(${USER_FIELDS}) from user_search where ${since('changed_xid')}), '[]') as changed,
    coalesce((select json_agg(id) from user_search_removed where ${since('removed_xid')} and id is not null), '[]')
      as removed,
    exists (select from user_search_removed where ${since('removed_xid')} and id is null) as truncated)`;
  const first = <Column extends keyof Changes>(column: Column) =>
    sql<Changes[Column] | null>`case when row_number() over (order by ${sql.ref('page.askedPlace')}) = 1
      then ${sql.ref(`feed.${column}`)} end`.as(column);
  return db
    .selectFrom(feed.as('feed'))
    .leftJoinLateral(usersInOrderQuery(db, v.ids).as('page'), (join) => join.onTrue())
    .selectAll('page')
    .select([first('xmax'), first('running'), first('changed'), first('removed'), first('truncated')])
    .orderBy('page.askedPlace');
});

/** The changes since `since`, and the rows of each list of ids, read by one statement. */
async function changesWithPages(
  db: Executor,
  since: Snapshot,
  lists: readonly (readonly string[])[],
): Promise<{ changes: Changes; pages: UserPageRow[][] }> {
  const rows = await changesAndRows(db, { ...sinceValuesOf(since), ids: lists.flat() });
  const [first] = rows;
  const changes = first && changesOf(first);
  if (!first || !changes) throw new Error('the change feed answered no row');
  // The left join types every page column as nullable; a row with a place is a whole page row.
  const pageRows = first.askedPlace === null ? [] : (rows as (UserPageRow & { askedPlace: number })[]);
  return { changes, pages: pagesInPlaces(lists, pageRows) };
}

/** The changes a row carries, when it carries them. */
function changesOf({
  xmax,
  running,
  changed,
  removed,
  truncated,
}: { [Column in keyof Changes]: Changes[Column] | null }): Changes | undefined {
  if (xmax === null || running === null || changed === null || removed === null || truncated === null) {
    return undefined;
  }
  return { xmax, running, changed, removed, truncated };
}

/** Whether two windows hold the same users in the same order. */
function sameIds(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((id, i) => id === b[i]);
}

/** A search waiting for the next read of the changes. */
type Asked = {
  term: string;
  scope: IndexedScope;
  window: IndexedWindow | undefined;
  guessed: Guessed | undefined;
  resolve: (found: SearchMatch | undefined) => void;
};

/** Answers each search undefined: users.list then asks Postgres. */
function leaveToPostgres(asked: readonly Asked[]): void {
  for (const one of asked) one.resolve(undefined);
}

/**
 * A user row as the feed sends it: id, organisation, archived, search text, created (µs), roles,
 * status, suspended until (µs), last activity (µs).
 */
type FeedRow = [
  string,
  string | null,
  boolean,
  string,
  number,
  string[],
  UserStatus,
  number | null,
  number | null,
];
type Changes = Snapshot & { changed: FeedRow[]; removed: string[]; truncated: boolean };
