import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { type Executor, preparedStatement } from '@praxis/db';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { type IndexedScope, type IndexedUser, SearchIndex } from './users.search-index';

/** The exact counts of substring searches a process can answer from memory. */
export interface UserSearchCounts {
  /**
   * How many users in `scope` hold `search` in their search text, as of a read of the database's
   * changes that starts after this call. Undefined at once when memory cannot answer (the index
   * is off or still being built, or the term is unsuited); the promise's undefined when the
   * changes could not be read.
   */
  count(search: string, scope: IndexedScope): Promise<number | undefined> | undefined;
  /** Resolves once the index is built (true), or as soon as it cannot be (false). */
  ready(): Promise<boolean>;
  /** Stops building or following the database; counts answer undefined from then on. */
  stop(): void;
}

/** The counts from memory when USER_SEARCH_INDEX_MAX_USERS is 0: none. */
export const noSearchCounts: UserSearchCounts = {
  count: () => undefined,
  ready: async () => false,
  stop: () => {},
};

const BUILD_BATCH = 5_000;
// Tombstones of deleted users are kept a day (migration 2026_12_01_0600): a process that has not
// read the changes for half of that builds its index again rather than miss a deletion.
const FOLLOW_AT_MOST_MS = 12 * 60 * 60 * 1000;

type State =
  | { kind: 'idle' }
  | { kind: 'building'; done: Promise<boolean> }
  | { kind: 'ready'; index: SearchIndex; since: Snapshot; readAt: number }
  | { kind: 'off' };

/**
 * Substring counts from an index in this process's memory, kept exact by reading the database's
 * change feed (migration 2026_12_01_0600) before each answer: a write committed before a count
 * was asked for is in it, whichever process made the write. The index is built on the first
 * search, in batches between requests; until then, and for more than `maxUsers` users, counts
 * are left to Postgres.
 */
export function createUserSearchCounts(
  db: Executor,
  logger: Logger,
  { maxUsers }: { maxUsers: number },
): UserSearchCounts {
  if (maxUsers <= 0) return noSearchCounts;
  let state: State = { kind: 'idle' };
  let catchingUp: Promise<boolean> | null = null;
  let queued: Promise<boolean> | null = null;

  const build = async (): Promise<boolean> => {
    const [snapshot] = await feedStart(db, []);
    if (!snapshot?.lowersAscii) return false;
    const index = new SearchIndex();
    let after: string | null = null;
    for (;;) {
      if (state.kind !== 'building') return false;
      const [rows] = await indexBatch(db, [after ?? '00000000-0000-0000-0000-000000000000', BUILD_BATCH]);
      const batch = rows?.batch ?? [];
      for (const row of batch) index.upsert(userOf(row));
      if (index.size > maxUsers) {
        logger.info(
          { maxUsers },
          'user search: more users than USER_SEARCH_INDEX_MAX_USERS, counted by Postgres',
        );
        return false;
      }
      if (batch.length < BUILD_BATCH) break;
      after = batch.at(-1)?.[0] ?? null;
      await yieldToRequests();
    }
    index.compact();
    state = { kind: 'ready', index, since: snapshot, readAt: Date.now() };
    logger.info({ users: index.size }, 'user search: index built');
    return true;
  };

  const startBuild = () => {
    const building = { kind: 'building' as const, done: Promise.resolve(false) };
    state = building;
    building.done = build().catch((error: unknown) => {
      logger.warn({ err: error }, 'user search: index not built, counted by Postgres until the next search');
      return false;
    });
    void building.done.then((built) => {
      if (!built && state === building) state = { kind: 'idle' };
    });
  };

  /** Applies every change committed since the last read; false when the index must be rebuilt. */
  const readChanges = async (): Promise<boolean> => {
    if (state.kind !== 'ready') return false;
    const ready = state;
    const [changes] = await changesSince(db, [ready.since.xmax, ready.since.running]);
    if (!changes || state !== ready) return false;
    if (changes.truncated) return false;
    for (const id of changes.removed) ready.index.remove(id);
    for (const row of changes.changed) ready.index.upsert(userOf(row));
    ready.since = { xmax: changes.xmax, running: changes.running };
    ready.readAt = Date.now();
    return true;
  };

  // One read of the changes at a time: a count waits for the next read that starts after it was
  // asked for (an earlier one may not see a write that returned just before), shared by every
  // count asked for meanwhile.
  const caughtUp = (): Promise<boolean> => {
    if (!catchingUp) {
      catchingUp = readChanges().finally(() => {
        catchingUp = null;
      });
      return catchingUp;
    }
    queued ??= catchingUp
      .catch(() => false)
      .then(() => {
        queued = null;
        return caughtUp();
      });
    return queued;
  };

  return {
    count(search, scope) {
      const term = searchTermOf(search);
      if (term === undefined) return undefined;
      if (state.kind === 'idle') startBuild();
      if (state.kind !== 'ready') return undefined;
      if (Date.now() - state.readAt > FOLLOW_AT_MOST_MS) {
        startBuild();
        return undefined;
      }
      return caughtUp().then(
        (current) => {
          if (state.kind !== 'ready') return undefined;
          if (current) return state.index.count(term, scope);
          startBuild();
          return undefined;
        },
        (error: unknown) => {
          logger.debug({ err: error }, 'user search: changes not read, counted by Postgres');
          return undefined;
        },
      );
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

function userOf([id, organizationId, archived, text]: FeedRow): IndexedUser {
  return { id, organizationId, archived, text };
}

// What a snapshot cannot see: transactions from `xmax` on, and those `running` when it was
// taken. Every other change is visible in it, so the next read asks for changes by these alone
// (the oldest running transaction, xmin, would do too, but a long one anywhere on the server, a
// backup say, would make every read ask again for everything written since it began). And
// whether the database lowers ASCII as JavaScript does (a Turkish collation lowers I to ı).
const SNAPSHOT = sql`pg_snapshot_xmax(pg_current_snapshot())::text as xmax,
  array(select pg_snapshot_xip(pg_current_snapshot())::text) as running`;

const feedStart = preparedStatement<Snapshot & { lowersAscii: boolean }>((db) => ({
  compile: () =>
    sql<Snapshot & { lowersAscii: boolean }>`select ${SNAPSHOT},
      lower('ABCDEFGHIJKLMNOPQRSTUVWXYZ') = 'abcdefghijklmnopqrstuvwxyz' as "lowersAscii"`.compile(db),
}));

const USER_FIELDS = sql`json_build_array(id, organization_id, archived_at is not null, search_text)`;

const indexBatch = preparedStatement<{ batch: FeedRow[] | null }>((db) => ({
  compile: () =>
    sql<{ batch: FeedRow[] | null }>`select json_agg(${USER_FIELDS} order by id) as batch
      from (select * from user_search where id > $1::uuid order by id limit $2::int) as b`.compile(db),
}));

const SINCE = sql`(changed_xid >= $1::xid8 or changed_xid = any($2::xid8[]))`;
const REMOVED_SINCE = sql`(removed_xid >= $1::xid8 or removed_xid = any($2::xid8[]))`;

const changesSince = preparedStatement<Changes>((db) => ({
  compile: () =>
    sql<Changes>`select ${SNAPSHOT},
      coalesce((select json_agg(${USER_FIELDS}) from user_search where ${SINCE}), '[]') as changed,
      coalesce((select json_agg(id) from user_search_removed where ${REMOVED_SINCE} and id is not null), '[]')
        as removed,
      exists (select from user_search_removed where ${REMOVED_SINCE} and id is null) as truncated`.compile(
      db,
    ),
}));

/** A user row as the feed sends it: id, organisation, archived, search text. */
type FeedRow = [string, string | null, boolean, string];
type Snapshot = { xmax: string; running: string[] };
type Changes = Snapshot & { changed: FeedRow[]; removed: string[]; truncated: boolean };
