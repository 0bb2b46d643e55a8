import { seedDemo } from '@praxis/db/seed';
import { ROLE_VALUES } from '@praxis/validators';
import { type KyselyPlugin, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiDeps } from '../deps';
import { escapeLike } from '../list-paging';
import { createTestDeps, signedIn, withIsolatedDatabase } from '../testing';
import { estimateWholeListSearch } from './users.search-statistics';
import { noSearchMemory } from './users.search-sync';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

/** What the planner itself estimates for the whole list's search of `term`. */
async function plannerEstimate(db: ApiDeps['db'], term: string) {
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`
    explain (format json) select 1 from user_search
    where archived_at is null and search_text like lower(${`%${escapeLike(term.replace(/\s+/g, ' '))}%`})`.execute(
    db,
  );
  return rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? Number.NaN;
}

describe('the estimate of a search of the whole list', () => {
  it("is the planner's, from the same statistics, once they are read; none without a histogram", async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      // A handful of users: no histogram of 100 entries, so the planner is asked.
      await sql`analyze user_search`.execute(isolated.db);
      estimateWholeListSearch(isolated.db, 'son');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(estimateWholeListSearch(isolated.db, 'son')).toBeUndefined();

      const big = await withIsolatedDatabase(deps);
      try {
        await seedDemo(big.db, { users: 6_000, organizations: 3 });
        await sql`update users set archived_at = now() where created_at < now() - interval '300 days'`.execute(
          big.db,
        );
        await sql`analyze user_search`.execute(big.db);
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from users where archived_at is not null`.execute(big.db);
        expect(rows[0]?.n).toBeGreaterThan(1_000);
        await vi.waitFor(() => expect(estimateWholeListSearch(big.db, 'son')).toBeDefined(), {
          timeout: 5_000,
        });
        for (const term of ['son', 'Mar', 'a', 'li', 'zzqx', 'ann  M', '100%']) {
          const estimate = estimateWholeListSearch(big.db, term);
          const planner = await plannerEstimate(big.db, term);
          expect(
            Math.abs((estimate?.rows ?? 0) - planner),
            `${term}: ${estimate?.rows} vs ${planner}`,
          ).toBeLessThanOrEqual(Math.max(3, planner * 0.03));
        }
      } finally {
        await big.close();
      }
    } finally {
      await isolated.close();
    }
  }, 120_000);
});

/** `db` counting the EXPLAINs run through it, once the statistics are held for it. */
async function withStatisticsHeld(base: ApiDeps['db']) {
  let explains = 0;
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      if ('explain' in args.node && args.node.explain) explains++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const db = base.withPlugin(recorder);
  await vi.waitFor(() => expect(estimateWholeListSearch(db, 'son')).toBeDefined(), { timeout: 5_000 });
  return { db, explains: () => explains };
}

const countOf = async (db: ApiDeps['db'], where: RawBuilder<boolean>) => {
  const query = sql<{ n: number }>`select count(*)::int as n from user_search where ${where}`;
  return (await query.execute(db)).rows[0]?.n ?? Number.NaN;
};

const userByEmail = (db: ApiDeps['db'], email: string) =>
  db
    .selectFrom('users')
    .select(['id', 'organizationId'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();

// The lists here are counted by Postgres (the in-memory index, which answers many of them
// otherwise, is off): what is tested is how Postgres is asked.
/** A database of the demo seed with `users` users, analyzed, its statistics held (see above). */
async function withSeededStatistics(
  users: number,
  test: (big: ApiDeps, held: Awaited<ReturnType<typeof withStatisticsHeld>>) => Promise<void>,
) {
  const big = await withIsolatedDatabase(deps);
  try {
    await seedDemo(big.db, { users, organizations: 3 });
    await sql`analyze user_search`.execute(big.db);
    await test(big, await withStatisticsHeld(big.db));
  } finally {
    await big.close();
  }
}

describe('a search narrowed by filters or a scope', () => {
  it(
    "is counted exactly without asking the planner while the whole list's estimate is within the limit",
    () =>
      withSeededStatistics(2_500, async (big, { db, explains }) => {
        const admin = await signedIn(
          { ...big, db, userSearch: noSearchMemory },
          await userByEmail(big.db, 'admin@praxis.demo'),
        );
        const clinicAdmin = await userByEmail(big.db, 'clinic.admin@praxis.demo');
        const clinic = await signedIn({ ...big, db, userSearch: noSearchMemory }, clinicAdmin);
        const matches = (term: string) =>
          sql<boolean>`archived_at is null and search_text like ${`%${term}%`}`;

        const providers = await admin.caller.users.list({
          search: 'son',
          filters: { roles: ['provider'] },
          pageSize: 5,
        });
        expect(providers).toMatchObject({
          total: await countOf(big.db, sql`${matches('son')} and roles && '{provider}'::text[]`),
          totalExact: true,
        });
        const inClinic = await clinic.caller.users.list({ search: 'an', pageSize: 5 });
        expect(inClinic).toMatchObject({
          total: await countOf(
            big.db,
            sql`${matches('an')} and organization_id = ${clinicAdmin.organizationId}`,
          ),
          totalExact: true,
        });
        expect(inClinic.total).toBeGreaterThan(5);
        expect(explains()).toBe(0);

        // Archived users are outside the unarchived list the statistics describe: the planner is asked.
        await admin.caller.users.list({ search: 'son', filters: { archived: true }, pageSize: 5 });
        expect(explains()).toBeGreaterThan(0);
      }),
    120_000,
  );

  it(
    'weighs the roles filter and the organisations by their share of users: narrower lists are counted straight away, every role asks the planner',
    () =>
      withSeededStatistics(12_000, async (big, { db, explains }) => {
        // Nearly every user's search text holds an "a": the whole list's estimate is above the limit.
        expect(estimateWholeListSearch(db, 'a')?.rows).toBeGreaterThan(10_000);
        const { caller } = await signedIn(
          { ...big, db, userSearch: noSearchMemory },
          await userByEmail(big.db, 'admin@praxis.demo'),
        );
        const clinicAdmin = await userByEmail(big.db, 'clinic.admin@praxis.demo');
        const clinic = await signedIn({ ...big, db, userSearch: noSearchMemory }, clinicAdmin);
        const withA = sql<boolean>`archived_at is null and search_text like '%a%'`;

        const providers = await caller.users.list({
          search: 'a',
          filters: { roles: ['provider'] },
          pageSize: 5,
        });
        expect(providers).toMatchObject({
          total: await countOf(big.db, sql`${withA} and roles && '{provider}'::text[]`),
          totalExact: true,
        });
        // One organisation of three, by the caller's scope or by the filter.
        const inClinic = await countOf(
          big.db,
          sql`${withA} and organization_id = ${clinicAdmin.organizationId}`,
        );
        expect(await clinic.caller.users.list({ search: 'a', pageSize: 5 })).toMatchObject({
          total: inClinic,
          totalExact: true,
        });
        const filtered = await caller.users.list({
          search: 'a',
          filters: { organizationId: clinicAdmin.organizationId ?? undefined },
          pageSize: 5,
        });
        expect(filtered).toMatchObject({ total: inClinic, totalExact: true });
        expect(explains()).toBe(0);

        // Every role: the filter narrows nothing the statistics can tell.
        await caller.users.list({ search: 'a', filters: { roles: [...ROLE_VALUES] }, pageSize: 5 });
        expect(explains()).toBeGreaterThan(0);
      }),
    120_000,
  );
});
