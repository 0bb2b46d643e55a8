import type { UserRow } from '@praxis/db';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import type { UserSortField } from '@praxis/validators';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, signedIn, withIsolatedDatabase, withPresence } from '../testing';
import { createFirstPages, type FirstPages } from './users.first-pages';

const silent = pino({ level: 'silent' });
const MINUTE = 60_000;
const DAY = 86_400_000;

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

/** Reads every page from Postgres, as users.list did before first pages were kept. */
const readEveryTime: FirstPages = { read: (_shape, ways) => ways.load() };

type Shape = Parameters<FirstPages['read']>[0];
type Ways = Parameters<FirstPages['read']>[1];
type Page = Awaited<ReturnType<Ways['load']>>;

/** `firstPages` with each read of a page from Postgres going through `around` (to count or change it). */
function aroundLoads(
  firstPages: FirstPages,
  around: (load: () => Promise<Page>, shape: Shape, ways: Ways) => Promise<Page>,
): FirstPages {
  return {
    read: (shape, ways) => firstPages.read(shape, { ...ways, load: () => around(ways.load, shape, ways) }),
  };
}

/** The page as Postgres would give it for a list of a million users: its total an estimate. */
const estimatedTotal = async (load: () => Promise<Page>): Promise<Page> => ({
  ...(await load()),
  total: 1_000_000,
  totalExact: false,
});

/**
 * A database of its own (the whole list is every user in it): ten users of two organisations,
 * created a day apart, and a platform admin who lists them with kept first pages (`kept`) and
 * without (`fresh`). Writes go straight to Postgres, as another server process's would.
 */
async function platform() {
  const isolated = await withIsolatedDatabase(deps);
  const { db } = isolated;
  const orgs = [await createTestOrg(db), await createTestOrg(db)];
  const users: UserRow[] = [];
  for (let i = 0; i < 10; i++) {
    const { user } = await createTestUser(db, {
      organizationId: orgs[i % 2]?.id ?? null,
      roles: i === 3 ? ['parent'] : ['staff'],
      createdAt: new Date(Date.now() - (i + 1) * DAY),
      lastActivity: new Date(Date.now() - (i + 1) * MINUTE),
    });
    users.push(user);
  }
  const { user: admin } = await createTestUser(db, {
    roles: ['admin'],
    createdAt: new Date(Date.now() - 400 * DAY),
  });
  const online = withPresence(isolated);
  const kept = (await signedIn(online.deps, admin)).caller;
  const fresh = (await signedIn({ ...online.deps, firstPages: readEveryTime }, admin)).caller;
  return { ...isolated, orgs, users, admin, kept, fresh, connect: online.connect };
}

type Platform = Awaited<ReturnType<typeof platform>>;

type ListInput = { pageSize: number; sortBy: UserSortField; sortDir: 'asc' | 'desc' };

const PAGE_1: ListInput = { pageSize: 5, sortBy: 'createdAt', sortDir: 'desc' };

/** The kept page is the page Postgres gives now. */
async function expectAsPostgres(p: Platform, input: ListInput = PAGE_1) {
  const kept = await p.kept.users.list(input);
  expect(kept).toEqual(await p.fresh.users.list(input));
  return kept;
}

describe('the first page of the whole users list, kept', () => {
  it('is the page Postgres gives after every kind of write to what it shows, from any process', async () => {
    const p = await platform();
    try {
      const [newest, second, , parent] = p.users;
      if (!newest || !second || !parent) throw new Error('fixture');
      const orders: ListInput[] = [
        PAGE_1,
        { ...PAGE_1, sortDir: 'asc' },
        { ...PAGE_1, sortBy: 'lastActivity' },
        { ...PAGE_1, sortBy: 'lastName', sortDir: 'asc' },
      ];
      const writes: [string, () => Promise<unknown>][] = [
        [
          'a column no list filters by',
          () => sql`update users set phone_number = '+15550100' where id = ${newest.id}`.execute(p.db),
        ],
        ['a name', () => sql`update users set last_name = 'Aaron' where id = ${second.id}`.execute(p.db)],
        [
          'an organisation renamed',
          () => sql`update organizations set name = 'Renamed' where id = ${p.orgs[0]?.id}`.execute(p.db),
        ],
        [
          'an organisation deactivated',
          () => sql`update organizations set status = 'inactive' where id = ${p.orgs[1]?.id}`.execute(p.db),
        ],
        [
          'a patient linked',
          async () => {
            const { rows } = await sql<{
              id: string;
            }>`insert into patients (first_name, last_name, organization_id)
              values ('Pat', 'Kid', ${parent.organizationId}) returning id`.execute(p.db);
            await sql`insert into patient_parents (user_id, patient_id) values (${parent.id}, ${rows[0]?.id})`.execute(
              p.db,
            );
          },
        ],
        ['a patient renamed', () => sql`update patients set first_name = 'Patricia'`.execute(p.db)],
        ['a user created', () => createTestUser(p.db, { createdAt: new Date(Date.now() - MINUTE) })],
        [
          'a user active just now',
          () => sql`update users set last_activity = now() where id = ${p.users[8]?.id}`.execute(p.db),
        ],
        [
          'a user archived',
          () => sql`update users set archived_at = now() where id = ${newest.id}`.execute(p.db),
        ],
        [
          'an archived user restored',
          () => sql`update users set archived_at = null where id = ${newest.id}`.execute(p.db),
        ],
        ['a user deleted', () => sql`delete from users where id = ${second.id}`.execute(p.db)],
        ['an old user created', () => createTestUser(p.db, { createdAt: new Date(Date.now() - 300 * DAY) })],
      ];
      for (const input of orders) await expectAsPostgres(p, input);
      for (const [what, write] of writes) {
        await write();
        for (const input of orders) {
          const kept = await p.kept.users.list(input);
          expect(kept, `${what}, ${input.sortBy} ${input.sortDir}`).toEqual(await p.fresh.users.list(input));
        }
      }
    } finally {
      await p.close();
    }
  });

  it('is read from Postgres again only when a write could change it', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { db } = isolated;
      const org = await createTestOrg(db);
      const otherOrg = await createTestOrg(db);
      const users: UserRow[] = [];
      for (let i = 0; i < 8; i++) {
        users.push(
          (
            await createTestUser(db, {
              organizationId: org.id,
              createdAt: new Date(Date.now() - (i + 1) * DAY),
            })
          ).user,
        );
      }
      const { user: admin } = await createTestUser(db, { roles: ['admin'], createdAt: new Date(0) });
      const firstPages = createFirstPages(db, silent);
      const { caller } = await signedIn({ ...isolated, firstPages }, admin);
      // The total is an exact count here: the page is also read again for a user created,
      // archived, restored or deleted anywhere, and only then.
      let loads = 0;
      const counting = aroundLoads(firstPages, (load) => {
        loads += 1;
        return load();
      });
      const { caller: countingCaller } = await signedIn({ ...isolated, firstPages: counting }, admin);
      const list = () => countingCaller.users.list(PAGE_1);
      const first = await list();
      expect(loads).toBe(1);
      expect(await list()).toEqual(first);
      expect(await caller.users.list(PAGE_1)).toEqual(first);
      expect(loads).toBe(1);
      // An organisation none of the page's users belong to.
      await sql`update organizations set name = 'Elsewhere' where id = ${otherOrg.id}`.execute(db);
      await list();
      expect(loads).toBe(1);
      // A user the page shows.
      await sql`update users set title = 'Dr' where id = ${users[0]?.id}`.execute(db);
      const retitled = await list();
      expect(loads).toBe(2);
      expect(retitled.items[0]?.title).toBe('Dr');
      // A user off the page, active just now and renamed: the page and its count are as they were.
      await sql`update users set last_activity = now(), first_name = 'Zoe' where id = ${users[7]?.id}`.execute(
        db,
      );
      expect(await list()).toEqual(retitled);
      expect(loads).toBe(2);
      // The same user archived, then restored: the count moves each time.
      await sql`update users set archived_at = now() where id = ${users[7]?.id}`.execute(db);
      const archived = await list();
      expect(loads).toBe(3);
      expect(archived.total).toBe(retitled.total - 1);
      await sql`update users set archived_at = null where id = ${users[7]?.id}`.execute(db);
      expect((await list()).total).toBe(retitled.total);
      expect(loads).toBe(4);
      // Another page size is another page.
      await countingCaller.users.list({ ...PAGE_1, pageSize: 6 });
      expect(loads).toBe(5);
    } finally {
      await isolated.close();
    }
  });

  it('leaves users off the page alone when the total is an estimate', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { db } = isolated;
      const users: UserRow[] = [];
      for (let i = 0; i < 8; i++) {
        users.push((await createTestUser(db, { createdAt: new Date(Date.now() - (i + 1) * DAY) })).user);
      }
      const { user: admin } = await createTestUser(db, { roles: ['admin'], createdAt: new Date(0) });
      const firstPages = createFirstPages(db, silent);
      let loads = 0;
      const estimated = aroundLoads(firstPages, (load) => {
        loads += 1;
        return estimatedTotal(load);
      });
      const { caller } = await signedIn({ ...isolated, firstPages: estimated }, admin);
      const list = () => caller.users.list(PAGE_1);
      await list();
      // The oldest user, far below the page, is renamed; a user created long ago is added.
      await sql`update users set first_name = 'Zed' where id = ${users[7]?.id}`.execute(db);
      await createTestUser(db, { createdAt: new Date(Date.now() - 100 * DAY) });
      await list();
      expect(loads).toBe(1);
      // A user created now sorts first.
      const { user: newest } = await createTestUser(db);
      const page = await list();
      expect(loads).toBe(2);
      expect(page.items[0]?.id).toBe(newest.id);
      // One created half a millisecond after the page's last user sorts just before it.
      const { user: close } = await createTestUser(db);
      await sql`update users set created_at = (select created_at + interval '500 microseconds' from users
        where id = ${page.items.at(-1)?.id}) where id = ${close.id}`.execute(db);
      const closer = await list();
      expect(loads).toBe(3);
      expect(closer.items.map((user) => user.id).slice(-2)).toEqual([page.items.at(-2)?.id, close.id]);
    } finally {
      await isolated.close();
    }
  });

  it('is read again after a write of more users than a read of the changes lists', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { db } = isolated;
      for (let i = 1; i <= 5; i++) await createTestUser(db, { createdAt: new Date(Date.now() - i * DAY) });
      const { user: shown } = await createTestUser(db);
      await sql`insert into users (email, roles, created_at)
        select 'bulk' || g || '@first-pages.test', '{staff}', now() - interval '1000 days'
        from generate_series(1, 1100) as g`.execute(db);
      const { user: admin } = await createTestUser(db, { roles: ['admin'], createdAt: new Date(0) });
      const firstPages = createFirstPages(db, silent);
      // As for a list of a million users: changes to users off the page leave it alone.
      const estimated = aroundLoads(firstPages, estimatedTotal);
      const { caller } = await signedIn({ ...isolated, firstPages: estimated }, admin);
      expect((await caller.users.list(PAGE_1)).items[0]?.id).toBe(shown.id);
      // One transaction: 1,100 users off the page, then the one on it (its change listed last).
      await db.transaction().execute(async (tx) => {
        await sql`update users set title = 'Bulk' where email like 'bulk%'`.execute(tx);
        await sql`update users set title = 'Dr' where id = ${shown.id}`.execute(tx);
      });
      expect((await caller.users.list(PAGE_1)).items[0]?.title).toBe('Dr');
    } finally {
      await isolated.close();
    }
  });

  it('is not kept when a write commits while it is read and another request reads the changes first', async () => {
    const p = await platform();
    try {
      const [newest] = p.users;
      if (!newest) throw new Error('fixture');
      const firstPages = createFirstPages(p.db, silent);
      let racing = true;
      const racy = aroundLoads(firstPages, async (load, shape, ways) => {
        const page = await load();
        if (racing && shape.pageSize === PAGE_1.pageSize) {
          racing = false;
          await sql`update users set title = 'Prof' where id = ${newest.id}`.execute(p.db);
          // Another request's read of the changes, which sees the write, ends first.
          await firstPages.read({ ...shape, pageSize: 7 }, ways);
        }
        return page;
      });
      const { caller } = await signedIn({ ...p, firstPages: racy }, p.admin);
      expect((await caller.users.list(PAGE_1)).items[0]?.title).toBeNull();
      expect((await caller.users.list(PAGE_1)).items[0]?.title).toBe('Prof');
    } finally {
      await p.close();
    }
  });

  it('shows who is online now, and a suspension that has lapsed since', async () => {
    const p = await platform();
    try {
      const [newest] = p.users;
      if (!newest) throw new Error('fixture');
      await sql`update users set status = 'suspended', suspended_until = now() + interval '1500 milliseconds'
        where id = ${newest.id}`.execute(p.db);
      const before = await expectAsPostgres(p);
      expect(before.items[0]).toMatchObject({ status: 'suspended', isActive: false, isOnline: false });
      const disconnect = await p.connect(newest);
      expect((await expectAsPostgres(p)).items[0]).toMatchObject({ isOnline: true });
      await disconnect();
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect((await expectAsPostgres(p)).items[0]).toMatchObject({
        status: 'active',
        isActive: true,
        suspendedUntil: null,
        isOnline: false,
      });
    } finally {
      await p.close();
    }
  });
});
