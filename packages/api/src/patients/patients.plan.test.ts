import { seedDemo } from '@praxis/db/seed';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, withIsolatedDatabase } from '../testing';
import { usersMatching } from '../users/users.list.queries';

// users.list's patientName filter must be answered from the indexes (the trigram index on the
// patients' names, then the link table's primary key, then users by id), never by reading the
// users table through: checked on the demo dataset, with its demo patients, by EXPLAIN.
let deps: ApiDeps & { close(): Promise<void> };
let seeded: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
  seeded = await withIsolatedDatabase(deps);
  await seedDemo(seeded.db, { users: 20_000, organizations: 4 });
  await sql`vacuum analyze users`.execute(seeded.db);
}, 120_000);
afterAll(async () => {
  await seeded?.close();
  await deps.close();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of the query's plan, flattened. */
async function planOf(query: { compile(): CompiledQuery }): Promise<PlanNode[]> {
  const { sql: text, parameters } = query.compile();
  const result = await seeded.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    CompiledQuery.raw(`explain (format json) ${text}`, [...parameters]),
  );
  const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
  const root = result.rows[0]?.['QUERY PLAN'][0].Plan;
  return root ? flatten(root) : [];
}

describe('users.list filters.patientName at scale', () => {
  it('the demo seed gives every parent of a clinic 1 to 3 patients', async () => {
    const counts = await sql<{ patients: number; parents: number }>`
      select count(*)::int as parents, min(n)::int as min, max(n)::int as max, sum(n)::int as patients
      from (select u.id, count(pp.patient_id) as n from users u
            left join patient_parents pp on pp.user_id = u.id
            where u.roles @> array['parent']::text[] and u.organization_id is not null and u.archived_at is null
            group by u.id) s`.execute(seeded.db);
    expect(counts.rows[0]).toMatchObject({ min: 1, max: 3 });
    expect(counts.rows[0]?.parents).toBeGreaterThan(5000);
  });

  it('pages and counts from the indexes, with no sequential scan', async () => {
    const patient = await seeded.db
      .selectFrom('patients')
      .select(['firstName', 'lastName'])
      .where('archivedAt', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const criteria = {
      scope: { all: true as const },
      filters: { patientName: `${patient.firstName} ${patient.lastName}`.toUpperCase() },
    };
    const page = usersMatching(seeded.db, criteria)
      .select('users.id')
      .orderBy('users.createdAt', 'desc')
      .orderBy('users.id', 'desc')
      .limit(21);
    const count = usersMatching(seeded.db, criteria).select(sql<number>`count(*)::int`.as('n'));
    for (const plan of [await planOf(page), await planOf(count)]) {
      // The link table is small here and may be read whole; users and patients never are.
      const seqScans = plan
        .filter((node) => node['Node Type'] === 'Seq Scan')
        .map((node) => node['Relation Name']);
      expect(seqScans).not.toContain('users');
      expect(seqScans).not.toContain('patients');
      expect(plan.map((node) => node['Index Name'])).toContain('patients_name_search_trgm_idx');
    }
    const found = await page.execute();
    expect(found.length).toBeGreaterThan(0);
  });
});
