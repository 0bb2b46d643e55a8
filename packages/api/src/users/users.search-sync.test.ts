import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@praxis/db/seed';
import { createTestOrg, createTestUser, recordingStatements } from '@praxis/db/testing';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { escapeLike } from '../list-paging';
import { createTestDeps, signedIn, withIsolatedDatabase, withPresence } from '../testing';
import type { IndexedScope, IndexedWindow } from './users.search-index';
import { createUserSearchMemory, noSearchMemory, type UserSearchMemory } from './users.search-sync';

const silent = pino({ level: 'silent' });

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

/** A promise (`opened`) and what resolves it (`open`). */
function latch() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** What Postgres counts for users.list's search of `term` in `scope`. */
async function postgresCount(db: ApiDeps['db'], term: string, scope: IndexedScope) {
  const pattern = `%${escapeLike(term.replace(/\s+/g, ' '))}%`;
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from user_search
    where search_text like lower(${pattern})
      and (archived_at is not null) = ${scope.archived}
      and (${scope.organizationIds === null} or organization_id = any(${scope.organizationIds ?? []}::uuid[]))`.execute(
    db,
  );
  return rows[0]?.n;
}

/** What Postgres lists for users.list's search of `term` in `scope`, by creation. */
async function postgresPage(db: ApiDeps['db'], term: string, scope: IndexedScope, window: IndexedWindow) {
  const pattern = `%${escapeLike(term.replace(/\s+/g, ' '))}%`;
  const dir = sql.raw(window.descending ? 'desc' : 'asc');
  const { rows } = await sql<{ id: string }>`
    select id from user_search
    where search_text like lower(${pattern})
      and (archived_at is not null) = ${scope.archived}
      and (${scope.organizationIds === null} or organization_id = any(${scope.organizationIds ?? []}::uuid[]))
    order by created_at ${dir}, id ${dir} offset ${window.offset} limit ${window.limit}`.execute(db);
  return rows.map((row) => row.id);
}

/** An index over `db`, built. */
async function builtCounts(db: ApiDeps['db'], maxUsers = 1_000_000) {
  const counts = createUserSearchMemory(db, silent, { maxUsers });
  expect(await counts.ready()).toBe(true);
  return counts;
}

const ALL: IndexedScope = { archived: false, organizationIds: null };

/** The total memory answers for `term` in `scope`. */
function countOf(memory: UserSearchMemory, term: string, scope: IndexedScope) {
  return memory.match(term, scope)?.then((found) => found?.total);
}

describe('search counts from memory', () => {
  it('are the counts Postgres gives, for every kind of term and scope', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      await seedDemo(isolated.db, { users: 3_000, organizations: 3 });
      await sql`update users set archived_at = now() where created_at < now() - interval '300 days'`.execute(
        isolated.db,
      );
      // Many users created in the same microsecond: the order between them is by id.
      await sql`update users set created_at = date_trunc('month', created_at) where id::text < '8'`.execute(
        isolated.db,
      );
      const organizations = (await isolated.db.selectFrom('organizations').select('id').execute()).map(
        (o) => o.id,
      );
      const counts = await builtCounts(isolated.db);
      const scopes: IndexedScope[] = [
        ALL,
        { archived: true, organizationIds: null },
        { archived: false, organizationIds: organizations.slice(0, 1) },
        { archived: false, organizationIds: organizations.slice(0, 2) },
        { archived: true, organizationIds: organizations.slice(1, 2) },
        { archived: false, organizationIds: [] },
        { archived: false, organizationIds: ['00000000-0000-4000-8000-000000000000'] },
      ];
      const terms = [
        'son',
        'Mar',
        'MAR',
        'ann  m',
        'rodr',
        'williams',
        '.test',
        '@ex',
        'zzqx',
        'e m',
        '100%',
        'a_b',
      ];
      let nonZero = 0;
      for (const term of terms) {
        for (const scope of scopes) {
          const expected = await postgresCount(isolated.db, term, scope);
          expect(await countOf(counts, term, scope), `${term} in ${JSON.stringify(scope)}`).toBe(expected);
          if (expected) nonZero++;
        }
      }
      expect(nonZero).toBeGreaterThan(20);
      // Pages by creation, both ways, at the start and further in.
      const windows: IndexedWindow[] = [
        { offset: 0, limit: 21, descending: true },
        { offset: 40, limit: 21, descending: true },
        { offset: 0, limit: 21, descending: false },
        { offset: 500, limit: 101, descending: false },
      ];
      for (const term of ['son', 'mar', '.test', 'e m', 'zzqx']) {
        for (const scope of scopes.slice(0, 4)) {
          for (const window of windows) {
            const found = await counts.match(term, scope, window);
            expect(found?.ids, `${term} ${JSON.stringify(scope)} ${JSON.stringify(window)}`).toEqual(
              await postgresPage(isolated.db, term, scope, window),
            );
          }
        }
      }
      // Terms memory does not answer: no trigram, or letters whose lowering depends on the collation.
      expect(counts.match('so', ALL)).toBeUndefined();
      expect(counts.match('Émi', ALL)).toBeUndefined();
      counts.stop();
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it('follow every write committed before the count was asked for, in whatever order transactions commit', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const org = await createTestOrg(isolated.db);
      const tag = `feed${Date.now().toString(36)}`;
      const counts = await builtCounts(isolated.db);
      // Another process's index over the same database.
      const elsewhere = await builtCounts(isolated.db);
      const count = (term: string, scope: IndexedScope = ALL) => countOf(counts, term, scope);

      const { user } = await createTestUser(isolated.db, { lastName: `${tag}one`, organizationId: org.id });
      expect(await count(`${tag}one`)).toBe(1);
      expect(await count(`${tag}one`, { archived: false, organizationIds: [org.id] })).toBe(1);

      await isolated.db
        .updateTable('users')
        .set({ lastName: `${tag}two` })
        .where('id', '=', user.id)
        .execute();
      expect(await count(`${tag}one`)).toBe(0);
      expect(await count(`${tag}two`)).toBe(1);

      await isolated.db
        .updateTable('users')
        .set({ archivedAt: new Date() })
        .where('id', '=', user.id)
        .execute();
      expect(await count(`${tag}two`)).toBe(0);
      expect(await count(`${tag}two`, { archived: true, organizationIds: null })).toBe(1);

      const other = await createTestOrg(isolated.db);
      await isolated.db
        .updateTable('users')
        .set({ archivedAt: null, organizationId: other.id })
        .where('id', '=', user.id)
        .execute();
      expect(await count(`${tag}two`, { archived: false, organizationIds: [org.id] })).toBe(0);
      expect(await count(`${tag}two`, { archived: false, organizationIds: [other.id] })).toBe(1);

      await isolated.db.deleteFrom('users').where('id', '=', user.id).execute();
      expect(await count(`${tag}two`)).toBe(0);

      // A transaction that began first and commits last: its write is not skipped.
      const firstMayCommit = latch();
      const firstHasWritten = latch();
      const first = isolated.db.transaction().execute(async (trx) => {
        await createTestUser(trx, { lastName: `${tag}early` });
        firstHasWritten.open();
        await firstMayCommit.opened;
      });
      await firstHasWritten.opened;
      await createTestUser(isolated.db, { lastName: `${tag}late` });
      expect(await count(`${tag}late`)).toBe(1);
      expect(await count(`${tag}early`)).toBe(0);
      firstMayCommit.open();
      await first;
      expect(await count(`${tag}early`)).toBe(1);
      expect(await count(tag)).toBe(2);

      // Counts asked for at once share reads of the changes and all see the writes before them.
      await createTestUser(isolated.db, { lastName: `${tag}burst` });
      const burst = await Promise.all(Array.from({ length: 20 }, () => count(tag)));
      expect(burst).toEqual(Array.from({ length: 20 }, () => 3));
      expect(await countOf(elsewhere, tag, ALL)).toBe(3);

      // Counts asked in one turn share one read; one asked while a read runs waits for the next.
      const recorder = recordingStatements(isolated.db);
      const watched = await builtCounts(recorder.db);
      const reads = () => recorder.statements.filter((text) => text.includes('pg_current_snapshot'));
      const readsBefore = reads().length;
      const together = await Promise.all(Array.from({ length: 20 }, () => countOf(watched, tag, ALL)));
      expect(together).toEqual(Array.from({ length: 20 }, () => 3));
      expect(reads().length - readsBefore).toBe(1);
      const duringRead = countOf(watched, tag, ALL);
      await new Promise((resolve) => setImmediate(resolve));
      await createTestUser(isolated.db, { lastName: `${tag}during` });
      expect(await countOf(watched, tag, ALL)).toBe(4);
      expect([3, 4]).toContain(await duringRead);
      counts.stop();
      elsewhere.stop();
      watched.stop();
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it("read a window's rows in the statement that reads the changes, and read them again when the changes moved the window", async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const tag = `rows${Date.now().toString(36)}`;
      for (const n of ['one', 'two', 'three']) await createTestUser(isolated.db, { lastName: `${tag}${n}` });
      const recorder = recordingStatements(isolated.db);
      const memory = await builtCounts(recorder.db);
      const window = { offset: 0, limit: 2, descending: true };
      const page = async () => {
        const before = recorder.statements.length;
        let guessed: readonly string[] | undefined;
        const found = await memory.match(tag, ALL, window, (ids) => {
          guessed = ids;
        });
        return {
          guessed,
          ids: found?.ids,
          rows: found?.rows?.map(({ id, phoneNumber, lastName }) => ({ id, phoneNumber, lastName })),
          statements: recorder.statements.length - before,
          expected: await postgresPage(isolated.db, tag, ALL, window),
        };
      };

      const first = await page();
      expect(first.guessed).toEqual(first.expected);
      expect(first.ids).toEqual(first.expected);
      expect(first.rows?.map((row) => row.id)).toEqual(first.expected);
      expect(first.statements).toBe(1);
      const [newest = '', second = ''] = first.expected;

      // A write to a listed user outside the index: the rows are read after it, in one statement.
      await isolated.db
        .updateTable('users')
        .set({ phoneNumber: '+15550100' })
        .where('id', '=', newest)
        .execute();
      const written = await page();
      expect(written.rows?.[0]).toMatchObject({ id: newest, phoneNumber: '+15550100' });
      expect(written.statements).toBe(1);

      // A change the index follows that leaves the window as it was: the rows read with it stand.
      await isolated.db
        .updateTable('users')
        .set({ lastName: `${tag}twice` })
        .where('id', '=', second)
        .execute();
      const renamed = await page();
      expect(renamed.ids).toEqual(renamed.expected);
      expect(renamed.rows?.[1]).toMatchObject({ id: second, lastName: `${tag}twice` });
      expect(renamed.statements).toBe(1);

      // A new match moves the window: its rows are read again, for the window as it now is.
      const { user } = await createTestUser(isolated.db, { lastName: `${tag}four` });
      const moved = await page();
      expect(moved.expected[0]).toBe(user.id);
      // Guessed from the index before the changes were read: the window as it was.
      expect(moved.guessed).toEqual([newest, second]);
      expect(moved.ids).toEqual(moved.expected);
      expect(moved.rows?.map((row) => row.id)).toEqual(moved.expected);
      expect(moved.statements).toBe(2);

      // A listed user deleted: gone from the ids and the rows.
      await isolated.db.deleteFrom('users').where('id', '=', user.id).execute();
      const deleted = await page();
      expect(deleted.ids).toEqual([newest, second]);
      expect(deleted.rows?.map((row) => row.id)).toEqual([newest, second]);
      memory.stop();
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it('are built from the heap page by page, exact about the users written between its reads', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      await seedDemo(isolated.db, { users: 300, organizations: 2 });
      const tag = `heap${Date.now().toString(36)}`;
      const idsIn = async (pages: string) => {
        const { rows } = await sql<{
          id: string;
        }>`select id from user_search where ${sql.raw(pages)}`.execute(isolated.db);
        return rows.map((row) => row.id);
      };
      // Two thirds of the first page's users go, and vacuum leaves their room to the rows that follow.
      const firstPageAtFirst = await idsIn(`ctid < '(1,0)'::tid`);
      await isolated.db
        .deleteFrom('users')
        .where(
          'id',
          'in',
          firstPageAtFirst.filter((_, i) => i % 3 !== 0),
        )
        .execute();
      await sql`vacuum user_search`.execute(isolated.db);
      const firstPage = await idsIn(`ctid < '(1,0)'::tid`);
      const laterPages = await idsIn(`ctid >= '(3,0)'::tid`);
      expect(firstPage.length).toBeGreaterThan(3);
      expect(laterPages.length).toBeGreaterThan(10);
      // Between the build's second and third reads (one page each): the users of the first page,
      // already read, are renamed (their new rows stay on that page, which the build does not
      // read again); users of pages not yet read are deleted, renamed, and added.
      let reads = 0;
      const writeBetweenReads = async () => {
        await isolated.db
          .updateTable('users')
          .set({ lastName: `${tag}moved` })
          .where('id', 'in', firstPage)
          .execute();
        await isolated.db.deleteFrom('users').where('id', 'in', laterPages.slice(0, 5)).execute();
        await isolated.db
          .updateTable('users')
          .set({ lastName: `${tag}later` })
          .where('id', 'in', laterPages.slice(5, 10))
          .execute();
        await createTestUser(isolated.db, { lastName: `${tag}added`, password: null });
        expect(await idsIn(`ctid < '(1,0)'::tid`)).toEqual(expect.arrayContaining(firstPage));
      };
      const readingByPages = new Proxy(isolated.db, {
        get(db, key) {
          const value = Reflect.get(db, key, db);
          if (key !== 'executeQuery') return typeof value === 'function' ? value.bind(db) : value;
          return async (query: { sql: string }, ...rest: unknown[]) => {
            if (query.sql.includes('ctid >=') && ++reads === 3) await writeBetweenReads();
            return value.call(db, query, ...rest);
          };
        },
      });
      const counts = createUserSearchMemory(readingByPages, silent, { maxUsers: 1_000_000, buildPages: 1 });
      expect(await counts.ready()).toBe(true);
      expect(reads).toBeGreaterThan(3);
      // Every seeded user's email ends in praxis.demo.
      expect(await postgresCount(isolated.db, 'demo', ALL)).toBeGreaterThan(250);
      for (const term of [`${tag}moved`, `${tag}later`, `${tag}added`, tag, 'demo', 'son', 'mar']) {
        expect({ term, total: await countOf(counts, term, ALL) }).toEqual({
          term,
          total: await postgresCount(isolated.db, term, ALL),
        });
      }
      const archived = { archived: true, organizationIds: null };
      const moved = [
        await countOf(counts, `${tag}moved`, ALL),
        await countOf(counts, `${tag}moved`, archived),
      ];
      expect((moved[0] ?? 0) + (moved[1] ?? 0)).toBe(firstPage.length);
      counts.stop();
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it("are built once for a server's processes: the others take the index, then follow the writes since its build began", async () => {
    const isolated = await withIsolatedDatabase(deps);
    const dir = await mkdtemp(join(tmpdir(), 'praxis-handover-sync-'));
    try {
      await seedDemo(isolated.db, { users: 300, organizations: 2 });
      const tag = `hand${Date.now().toString(36)}`;
      /**
       * `db`, counting the statements that build an index (they read `user_search` by pages), and
       * telling `afterLastRead` when one has read the last page.
       */
      const counting = (afterLastRead?: () => Promise<void>) => {
        const seen = { buildReads: 0 };
        const db = new Proxy(isolated.db, {
          get(target, key) {
            const value = Reflect.get(target, key, target);
            if (key !== 'executeQuery') return typeof value === 'function' ? value.bind(target) : value;
            return async (query: { sql: string; parameters: readonly unknown[] }, ...rest: unknown[]) => {
              const result = await value.call(target, query, ...rest);
              if (query.sql.includes('ctid >=')) {
                seen.buildReads++;
                const end = Number(/^\((\d+),/.exec(String(query.parameters[1]))?.[1]);
                if (end >= (result.rows[0] as { pages: number }).pages) await afterLastRead?.();
              }
              return result;
            };
          },
        });
        return { db, seen };
      };
      const someIds = (
        await isolated.db.selectFrom('users').select('id').orderBy('createdAt').limit(12).execute()
      ).map((row) => row.id);
      // Once the giver has read every page, users are renamed and added: its index does not hold
      // these writes, the changes read from the snapshot it carries do.
      const giver = counting(async () => {
        await isolated.db
          .updateTable('users')
          .set({ lastName: `${tag}during` })
          .where('id', 'in', someIds.slice(0, 6))
          .execute();
        await createTestUser(isolated.db, { lastName: `${tag}during`, password: null });
      });
      const takingFrom = (db: ApiDeps['db']) =>
        createUserSearchMemory(db, silent, { maxUsers: 1_000_000, handOver: { dir, take: { taker: 1 } } });
      const taker = counting();
      const taking = takingFrom(taker.db);
      const takerReady = taking.ready();
      const giving = createUserSearchMemory(giver.db, silent, {
        maxUsers: 1_000_000,
        buildPages: 1,
        handOver: { dir, give: { takers: 1 } },
      });
      expect(await giving.ready()).toBe(true);
      expect(await takerReady).toBe(true);
      expect(giver.seen.buildReads).toBeGreaterThan(2);
      expect(taker.seen.buildReads).toBe(0);
      expect(await readdir(dir)).toEqual([]);

      await isolated.db
        .updateTable('users')
        .set({ lastName: `${tag}after` })
        .where('id', 'in', someIds.slice(6))
        .execute();
      for (const term of [`${tag}during`, `${tag}after`, tag, 'demo', 'son', 'mar']) {
        const total = await postgresCount(isolated.db, term, ALL);
        expect({ term, total: await countOf(taking, term, ALL) }).toEqual({ term, total });
        expect({ term, total: await countOf(giving, term, ALL) }).toEqual({ term, total });
      }
      expect(await countOf(taking, `${tag}during`, ALL)).toBe(7);

      // A giver that builds none (too many users for it) tells the taker, which builds its own.
      const alone = counting();
      const takingAlone = takingFrom(alone.db);
      const aloneReady = takingAlone.ready();
      const tooFew = createUserSearchMemory(isolated.db, silent, {
        maxUsers: 10,
        handOver: { dir, give: { takers: 1 } },
      });
      expect(await tooFew.ready()).toBe(false);
      expect(await aloneReady).toBe(true);
      expect(alone.seen.buildReads).toBeGreaterThan(0);
      expect(await countOf(takingAlone, `${tag}after`, ALL)).toBe(6);
      for (const memory of [taking, giving, takingAlone, tooFew]) memory.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
      await isolated.close();
    }
  }, 60_000);

  it('are rebuilt after a truncate, and left to Postgres beyond the configured number of users', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      await createTestUser(isolated.db, { lastName: 'Truncatedson' });
      const counts = await builtCounts(isolated.db);
      expect(await countOf(counts, 'truncatedson', ALL)).toBe(1);
      // A long transaction elsewhere on the server (another database) stays open throughout:
      // the truncate it began before must be read once, not again on every count.
      const mayEnd = latch();
      const hasBegun = latch();
      const longOne = deps.db.transaction().execute(async (trx) => {
        await sql`select pg_current_xact_id()`.execute(trx);
        hasBegun.open();
        await mayEnd.opened;
      });
      try {
        await hasBegun.opened;
        await sql`truncate users cascade`.execute(isolated.db);
        expect(await countOf(counts, 'truncatedson', ALL)).toBeUndefined();
        expect(await counts.ready()).toBe(true);
        expect(await countOf(counts, 'truncatedson', ALL)).toBe(0);
        await createTestUser(isolated.db, { lastName: 'Truncatedson' });
        expect(await countOf(counts, 'truncatedson', ALL)).toBe(1);
      } finally {
        mayEnd.open();
        await longOne;
      }
      counts.stop();
      expect(counts.match('truncatedson', ALL)).toBeUndefined();

      await createTestUser(isolated.db);
      await createTestUser(isolated.db);
      const small = createUserSearchMemory(isolated.db, silent, { maxUsers: 1 });
      expect(await small.ready()).toBe(false);
      // Left to Postgres from then on, not built again on every search.
      expect(small.match('test', ALL)).toBeUndefined();
      expect(await small.ready()).toBe(false);
      expect(createUserSearchMemory(isolated.db, silent, { maxUsers: 0 }).match('son', ALL)).toBeUndefined();
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it('answer searches filtered by roles and status, by creation or by last activity, as Postgres does', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      await seedDemo(isolated.db, { users: 3_000, organizations: 3 });
      // Every status, suspensions over and in force, never-active users, and ties on last activity.
      await sql`update users set
          status = (array['pending', 'active', 'inactive', 'suspended'])[1 + abs(hashtext(id::text)) % 4],
          last_activity = case when id::text < '3' then null
            when id::text < '9' then date_trunc('month', created_at) else created_at + interval '1 hour' end
        where roles <> '{admin}'`.execute(isolated.db);
      await sql`update users set suspended_until = case abs(hashtext(id::text || 's')) % 3
          when 0 then null when 1 then now() - interval '1 day' else now() + interval '1 day' end
        where status = 'suspended'`.execute(isolated.db);
      const organization = await isolated.db
        .selectFrom('organizations')
        .select('id')
        .executeTakeFirstOrThrow();
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'] });
      const fromMemory = (await signedIn(isolated, admin)).caller;
      const fromPostgres = (await signedIn({ ...isolated, userSearch: noSearchMemory }, admin)).caller;
      expect(await isolated.userSearch.ready()).toBe(true);
      const filters: Extract<Parameters<typeof fromPostgres.users.list>[0], object>['filters'][] = [
        { roles: ['provider'] },
        { roles: ['parent', 'staff'], status: ['active'] },
        { status: ['suspended'] },
        { status: ['pending', 'inactive'], organizationId: organization.id },
        { status: ['active'], archived: true },
      ];
      let compared = 0;
      for (const search of ['son', 'mar', '.test', 'e m']) {
        for (const [i, filter] of filters.entries()) {
          for (const sortBy of ['lastActivity', 'createdAt'] as const) {
            for (const [page, sortDir] of [
              [1, 'desc'],
              [3, i % 2 ? 'asc' : 'desc'],
            ] as const) {
              const input = { search, filters: filter, sortBy, sortDir, page, pageSize: 20 };
              const expected = await fromPostgres.users.list(input);
              const listed = await fromMemory.users.list(input);
              const label = JSON.stringify(input);
              expect(
                listed.items.map((u) => u.id),
                label,
              ).toEqual(expected.items.map((u) => u.id));
              expect({ total: listed.total, exact: listed.totalExact }, label).toEqual({
                total: expected.total,
                exact: expected.totalExact,
              });
              if (expected.items.length) compared++;
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(30);
      // And these were answered from memory, not left to Postgres.
      const scope = {
        archived: false,
        organizationIds: null,
        roles: ['provider'],
        statuses: ['active' as const],
      };
      const window = { offset: 0, limit: 20, descending: true, sortBy: 'lastActivity' as const };
      expect((await isolated.userSearch.match('son', scope, window))?.ids?.length).toBeGreaterThan(0);
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it("give users.list each page's presence as it is, for a page the changes moved too", async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const tag = `onl${Date.now().toString(36)}`;
      const day = 86_400_000;
      const listed: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { user } = await createTestUser(isolated.db, {
          lastName: `${tag}${i}`,
          createdAt: new Date(Date.now() - (i + 2) * day),
        });
        listed.push(user.id);
      }
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'] });
      const online = withPresence(isolated);
      const { caller } = await signedIn(online.deps, admin);
      expect(await isolated.userSearch.ready()).toBe(true);
      const onlineOf = async () =>
        (
          await caller.users.list({ search: tag, pageSize: 2, sortBy: 'createdAt', sortDir: 'desc' })
        ).items.map((user) => [user.id, user.isOnline]);

      await online.connect({ id: listed[1] ?? '', organizationId: null });
      expect(await onlineOf()).toEqual([
        [listed[0], false],
        [listed[1], true],
      ]);

      // A newer match written behind the index's back, online: the page the index guessed (the
      // two above) is not the page shown, whose presence is read for it.
      const { user: newest } = await createTestUser(isolated.db, { lastName: `${tag}new` });
      await online.connect({ id: newest.id, organizationId: null });
      expect(await onlineOf()).toEqual([
        [newest.id, true],
        [listed[0], false],
      ]);
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it('give users.list the same totals as Postgres, estimates beyond 10,000 included', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const org = await createTestOrg(isolated.db);
      const tag = `lst${Date.now().toString(36)}`;
      await sql`insert into users (email, first_name, last_name, organization_id, roles, status)
        select ${tag} || i || '@example.test', 'Listed', 'Person', ${org.id}, '{staff}', 'active'
        from generate_series(1, 10005) i`.execute(isolated.db);
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'] });
      const { caller } = await signedIn(isolated, admin);
      expect(await isolated.userSearch.ready()).toBe(true);
      const list = (search: string) => caller.users.list({ search, pageSize: 20 });
      expect(await list(`${tag}1000`)).toMatchObject({ total: 7, totalExact: true });
      expect(await list(`${tag}1`)).toMatchObject({ total: 1 + 10 + 100 + 1_000 + 6, totalExact: true });
      const over = await list(tag);
      expect(over).toMatchObject({ total: 10_005, totalExact: false, totalPages: 501 });
      expect(over.items).toHaveLength(20);
      for (const [page, sortDir] of [
        [1, 'desc'],
        [3, 'desc'],
        [2, 'asc'],
      ] as const) {
        const listed = await caller.users.list({
          search: tag,
          pageSize: 20,
          page,
          sortBy: 'createdAt',
          sortDir,
        });
        const window = { offset: (page - 1) * 20, limit: 20, descending: sortDir === 'desc' };
        expect(listed.items.map((u) => u.id)).toEqual(await postgresPage(isolated.db, tag, ALL, window));
        expect(listed.items[0]).toMatchObject({ firstName: 'Listed', organizationId: org.id });
      }
      await isolated.db.deleteFrom('users').where('email', 'like', `${tag}1%`).execute();
      expect(await list(tag)).toMatchObject({ total: 10_005 - 1_117, totalExact: true });
    } finally {
      await isolated.close();
    }
  }, 60_000);
});
