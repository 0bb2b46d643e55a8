import { createTestOrg, createTestUser, uniqueEmail } from '@praxis/db/testing';
import { listUsersInput, type UserSortField } from '@praxis/validators';

/** users.list's `filters` as a client sends them. */
type FilterInput = NonNullable<NonNullable<(typeof listUsersInput)['_zod']['input']>['filters']>;

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, signedIn, withIsolatedDatabase } from '../testing';
import { applyUserCriteria, SORT_KEYS } from './users.list.queries';

// users.list finds and counts ids in `user_search`, the narrow copy of the listed users columns
// that triggers on `users` keep (migration 2026_12_01_0500). These tests hold the copy to the
// table after every kind of write, and the list to the answer the wide table gives.

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const LISTED = sql.raw(`organization_id, created_at, archived_at, suspended_until, email_confirmed_at,
  last_activity, last_login_at, effective_date, clinical, status, roles, email, first_name, last_name,
  search_text`);

/** Ids whose copy differs from the users row (or that exist on one side only). */
async function outOfSync(db: ApiDeps['db']): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select coalesce(u.id, s.id) as id
    from (select id, ${LISTED} from users) u
    full join (select id, ${LISTED} from user_search) s on s.id = u.id
    where u.id is null or s.id is null or u is distinct from s`.execute(db);
  return rows.map((row) => row.id);
}

async function admin(on: ApiDeps = deps) {
  const { user } = await createTestUser(on.db, { roles: ['admin'] });
  return signedIn(on, user);
}

describe('user_search follows users', () => {
  it('after every API write, before the write answers (search finds the new values at once)', async () => {
    const { caller } = await admin();
    const org = await createTestOrg(deps.db);
    const other = await createTestOrg(deps.db);
    const tag = `proj${Date.now().toString(36)}`;
    const found = async (search: string, filters: FilterInput = {}) =>
      (await caller.users.list({ search, filters, pageSize: 50 })).items.map((u) => u.id);

    const created = await caller.users.create({
      email: uniqueEmail(tag),
      firstName: 'Quentin',
      lastName: `${tag}Alpha`,
      roles: ['staff'],
      organizationId: org.id,
    });
    const id = created.id;
    expect(await found(`${tag}alpha`)).toEqual([id]);

    await caller.users.update({
      id,
      patch: {
        firstName: 'Rosalind',
        lastName: `${tag}Beta`,
        username: `${tag}_user`,
        email: `${tag}@example.test`,
      },
    });
    expect(await found(`${tag}alpha`)).toEqual([]);
    expect(await found(`rosalind ${tag}beta`)).toEqual([id]);
    expect(await found(`${tag}_user`)).toEqual([id]);
    expect(await found(`${tag}@example`)).toEqual([id]);

    await caller.users.update({ id, patch: { organizationId: other.id, clinical: true } });
    expect(await found(tag, { organizationId: other.id, clinical: true })).toEqual([id]);
    expect(await found(tag, { organizationId: org.id })).toEqual([]);

    await caller.users.promote({ id, role: 'provider' });
    expect(await found(tag, { roles: ['provider'] })).toEqual([id]);
    await caller.users.demote({ id, role: 'provider' });
    expect(await found(tag, { roles: ['provider'] })).toEqual([]);
    await caller.users.updateAccess({ id, role: 'billing', active: false });
    expect(await found(tag, { roles: ['billing'], status: ['inactive'] })).toEqual([id]);
    await caller.users.enable({ id });
    await caller.users.suspend({ id, reason: 'Review' });
    expect(await found(tag, { status: ['suspended'] })).toEqual([id]);
    await caller.users.unsuspend({ id });
    expect(await found(tag, { status: ['active'] })).toEqual([id]);

    await caller.users.archive({ id });
    expect(await found(tag)).toEqual([]);
    expect(await found(tag, { archived: true })).toEqual([id]);
    await caller.users.bulk({ action: 'unarchive', ids: [id] });
    expect(await found(tag)).toEqual([id]);
    await caller.users.bulk({ action: 'archive', ids: [id] });
    expect(await found(tag, { archived: true })).toEqual([id]);
    expect(await outOfSync(deps.db)).toEqual([]);

    await caller.users.delete({ id });
    expect(await found(tag, { archived: true })).toEqual([]);
    expect(await outOfSync(deps.db)).toEqual([]);
  });

  it('after every kind of statement: multi-row insert, upsert, each listed column, batch update, delete', async () => {
    const org = await createTestOrg(deps.db);
    const inserted = await deps.db
      .insertInto('users')
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          email: uniqueEmail(`many${i}`),
          firstName: `Many${i}`,
          lastName: 'Rows',
          organizationId: org.id,
        })),
      )
      .returning('id')
      .execute();
    const ids = inserted.map((row) => row.id);
    expect(await outOfSync(deps.db)).toEqual([]);
    const [a, b] = ids as [string, string];

    const at = new Date('2026-01-02T03:04:05Z');
    const changes: Record<string, unknown>[] = [
      { organizationId: null },
      { createdAt: at },
      { archivedAt: at },
      { suspendedUntil: at },
      { emailConfirmedAt: at },
      { lastActivity: at },
      { lastLoginAt: at },
      { effectiveDate: '2027-01-01' },
      { clinical: true },
      { status: 'suspended' },
      { roles: ['provider', 'supervisor'] },
      { email: uniqueEmail('changed') },
      { firstName: 'Changed' },
      { lastName: 'Again' },
      { username: 'changed_username' },
      { title: 'Not listed' },
    ];
    for (const change of changes) {
      await deps.db.updateTable('users').set(change).where('id', '=', a).execute();
      expect(await outOfSync(deps.db), JSON.stringify(change)).toEqual([]);
    }

    // The presence writer's batch form (update … from values), on several rows in one statement.
    await sql`update users as u set last_activity = v.at
      from (values (${a}::uuid, now()), (${b}::uuid, now())) as v(id, at) where u.id = v.id`.execute(deps.db);
    await deps.db.updateTable('users').set({ status: 'inactive' }).where('id', 'in', ids).execute();
    expect(await outOfSync(deps.db)).toEqual([]);

    // An upsert that updates (insert … on conflict do update).
    const row = await deps.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', b)
      .executeTakeFirstOrThrow();
    await deps.db
      .insertInto('users')
      .values({ email: row.email, firstName: 'Upserted' })
      .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ firstName: 'Upserted' }))
      .execute();
    expect(await outOfSync(deps.db)).toEqual([]);

    await deps.db.deleteFrom('users').where('id', 'in', ids.slice(0, 3)).execute();
    expect(await outOfSync(deps.db)).toEqual([]);
    await deps.db.deleteFrom('users').where('id', 'in', ids).execute();
    const left = await deps.db.selectFrom('userSearch').select('id').where('id', 'in', ids).execute();
    expect(left).toEqual([]);
  });

  it('after a truncate of users', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      await createTestUser(isolated.db);
      await sql`truncate users cascade`.execute(isolated.db);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from user_search`.execute(
        isolated.db,
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await isolated.close();
    }
  });
});

describe('users.list on the projection answers as the users table does', () => {
  it('every filter and sort combined with a search: same rows, same order, same total', async () => {
    const org = await createTestOrg(deps.db);
    const blocked = await createTestOrg(deps.db, { status: 'inactive' });
    const tag = `cmb${Date.now().toString(36)}`;
    const DAY = 86_400_000;
    const statuses = ['active', 'pending', 'inactive', 'suspended'] as const;
    const roles = [
      ['staff'],
      ['provider'],
      ['parent'],
      ['billing', 'staff'],
      ['supervisor', 'provider'],
    ] as const;
    for (let i = 0; i < 40; i++) {
      await createTestUser(deps.db, {
        email: uniqueEmail(`${tag}${i % 3}`),
        firstName: `${tag}${['ann', 'bob', 'cy'][i % 3]}`,
        lastName: `Row${i}`,
        organizationId: i % 7 === 0 ? blocked.id : org.id,
        roles: [...(roles[i % roles.length] ?? ['staff'])],
        status: statuses[i % 4],
        suspendedUntil: i % 8 === 3 ? new Date(Date.now() - DAY) : null,
        archivedAt: i % 9 === 0 ? new Date() : null,
        clinical: i % 2 === 0,
        emailConfirmedAt: i % 3 === 0 ? new Date() : null,
        createdAt: new Date(Date.now() - (i % 13) * DAY),
        lastActivity: i % 4 === 0 ? null : new Date(Date.now() - i * 3_600_000),
        lastLoginAt: i % 5 === 0 ? null : new Date(Date.now() - i * 7_200_000),
      });
    }
    const { caller } = await admin();
    const filterSets: FilterInput[] = [
      {},
      { archived: true },
      { active: true },
      { active: false },
      { status: ['active', 'suspended'] },
      { roles: ['provider'], status: ['active'] },
      { clinical: true, confirmed: false },
      { confirmed: true, organizationId: org.id },
      { createdFrom: new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10) },
    ];
    const searches = [tag, `${tag}ann`, `${tag}b`];
    const sorts = Object.keys(SORT_KEYS) as UserSortField[];
    const now = new Date();
    let compared = 0;
    for (const filters of filterSets) {
      for (const search of searches) {
        for (const sortBy of sorts) {
          for (const sortDir of ['asc', 'desc'] as const) {
            const key = SORT_KEYS[sortBy];
            const expected = await applyUserCriteria(deps.db.selectFrom('users'), {
              scope: { all: true },
              search,
              filters: listUsersInput.parse({ filters }).filters,
              now,
            })
              .select('users.id')
              .orderBy(sql`${key.expression} ${sql.raw(sortDir)}`)
              .orderBy(sql`users.id ${sql.raw(sortDir)}`)
              .execute();
            const page = await caller.users.list({ search, filters, sortBy, sortDir, pageSize: 7, page: 2 });
            const label = JSON.stringify({ filters, search, sortBy, sortDir });
            expect(page.total, label).toBe(expected.length);
            expect(page.totalExact, label).toBe(true);
            expect(
              page.items.map((u) => u.id),
              label,
            ).toEqual(expected.slice(7, 14).map((r) => r.id));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(filterSets.length * searches.length * sorts.length * 2);
  });
});

describe('exact totals around 10,000 matches', () => {
  it('9,999 and 10,000 are exact, 10,001 is not; archived rows and other organisations are not counted; the whole list is estimated', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const org = await createTestOrg(isolated.db);
      const elsewhere = await createTestOrg(isolated.db);
      // One set-based insert: 9,999 matching users in the organisation, 5 archived ones, and 50
      // in another organisation (only an admin sees those).
      const insert = (from: number, to: number, orgId: string, archived: boolean) =>
        sql`
        insert into users (email, first_name, last_name, organization_id, archived_at, created_at)
        select 'edge' || g || '-' || ${orgId.slice(0, 8)} || '@example.test', 'Edgar', 'Tenthousand',
               ${orgId}::uuid, ${archived ? sql`now()` : sql`null`}, now() - g * interval '1 minute'
        from generate_series(${from}::int, ${to}::int) as g`.execute(isolated.db);
      await insert(1, 9_999, org.id, false);
      await insert(20_001, 20_005, org.id, true);
      await insert(30_001, 30_050, elsewhere.id, false);
      await sql`analyze users, user_search`.execute(isolated.db);
      const { user: viewer } = await createTestUser(isolated.db, {
        roles: ['client_admin'],
        organizationId: org.id,
        firstName: 'Viewer',
        lastName: 'Outside',
      });
      const { caller } = await signedIn(isolated, viewer);
      const { caller: adminCaller } = await admin(isolated);
      const list = (page = 1, cursor?: string) =>
        caller.users.list({ search: 'tenthousand', pageSize: 20, page: cursor ? undefined : page, cursor });
      // An admin's search of the whole list (its count statements are planned once per
      // connection): the organisation's part of the emails matches its unarchived rows only.
      const adminSearch = () =>
        adminCaller.users.list({ search: org.id.slice(0, 8).toUpperCase(), pageSize: 20 });
      expect(await adminSearch()).toMatchObject({ total: 9_999, totalExact: true });

      const first = await list();
      expect(first).toMatchObject({ total: 9_999, totalExact: true, totalPages: 500 });
      expect(first.items[0]?.email).toBe(`edge1-${org.id.slice(0, 8)}@example.test`);
      const last = await list(500);
      expect(last.items.map((u) => u.email)).toEqual(
        Array.from({ length: 19 }, (_, i) => `edge${9_981 + i}-${org.id.slice(0, 8)}@example.test`),
      );
      expect(last.nextCursor).toBeNull();
      expect(await list(501)).toMatchObject({ items: [], total: 9_999, totalExact: true });
      const second = await list(2, first.nextCursor ?? undefined);
      expect(second.items.map((u) => u.id)).toEqual((await list(2)).items.map((u) => u.id));
      expect(second).toMatchObject({ page: 2, total: 9_999, totalExact: true });
      expect(await caller.users.list({ search: 'tenthousand', filters: { archived: true } })).toMatchObject({
        total: 5,
        totalExact: true,
      });
      // 10,049 in all: over the limit, so an estimate.
      const everyone = await adminCaller.users.list({ search: 'tenthousand' });
      expect(everyone.totalExact).toBe(false);
      expect(everyone.total).toBeGreaterThan(10_000);

      await insert(10_000, 10_000, org.id, false);
      expect(await list()).toMatchObject({ total: 10_000, totalExact: true, totalPages: 500 });
      expect(await adminSearch()).toMatchObject({ total: 10_000, totalExact: true });
      await insert(10_001, 10_001, org.id, false);
      const over = await list();
      expect(over.totalExact).toBe(false);
      expect(over.total).toBeGreaterThanOrEqual(10_001);
      const adminOver = await adminSearch();
      expect(adminOver).toMatchObject({ totalExact: false });
      expect(adminOver.total).toBeGreaterThanOrEqual(10_001);
      expect(adminOver.items.map((u) => u.email)).toEqual(over.items.map((u) => u.email));
      expect(over.items).toHaveLength(20);
      expect(over.items[0]?.email).toBe(`edge1-${org.id.slice(0, 8)}@example.test`);
      const end = await list(501);
      expect(end.items.map((u) => u.email)).toEqual([`edge10001-${org.id.slice(0, 8)}@example.test`]);

      // The whole list of an admin beyond 25,000 rows (2.5× the limit): the estimate comes with the page (the
      // partial index's statistics), newest first as ever.
      await insert(40_001, 56_000, elsewhere.id, false);
      await sql`analyze users, user_search`.execute(isolated.db);
      const whole = await adminCaller.users.list({ pageSize: 20 });
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from users where archived_at is null`.execute(isolated.db);
      const actual = rows[0]?.n ?? 0;
      expect(actual).toBeGreaterThan(26_000);
      expect(whole.totalExact).toBe(false);
      expect(typeof whole.total).toBe('number');
      expect(Math.abs(whole.total - actual) / actual).toBeLessThan(0.1);
      const newest = await isolated.db
        .selectFrom('users')
        .select('id')
        .where('archivedAt', 'is', null)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(20)
        .execute();
      expect(whole.items.map((u) => u.id)).toEqual(newest.map((u) => u.id));
    } finally {
      await isolated.close();
    }
  }, 120_000);
});
