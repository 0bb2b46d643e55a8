import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';
import { DEMO_ACCOUNTS, DEMO_PASSWORD_HASH, GENERATED_EMAIL_DOMAIN } from './demo-accounts';
import { insertGeneratedUsers } from './generated-users';
import { CLINIC_NAMES } from './names';
import { ensureDemoPatients } from './patients';

export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PASSWORD_HASH, GENERATED_EMAIL_DOMAIN } from './demo-accounts';
export { RARE_FIRST_NAME } from './names';
export { demoNpis } from './npis';

export interface SeedOptions {
  /** Generated users wanted in total (existing generated users count; the demo accounts come on top). */
  users: number;
  organizations: number;
  /** One line of progress at a time (the CLI rewrites it in place). */
  onProgress?: (line: string) => void;
  /** Rows per INSERT … SELECT statement. */
  batchSize?: number;
  /** From this many new users on, secondary indexes are dropped and rebuilt after the load. */
  rebuildIndexesFrom?: number;
}

export interface SeedResult {
  organizations: number;
  generatedUsers: number;
  inserted: number;
  seconds: number;
}

// Loads bigger than this drop the users table's secondary indexes and build them once at the
// end: far faster than maintaining a trigram index row by row.
const REBUILD_INDEXES_FROM = 100_000;

/**
 * The demo dataset: organisations, one sign-in account per role, and generated users up to
 * `users` (idempotent: a second run adds only what is missing, so a dataset can be extended).
 */
export async function seedDemo(db: Kysely<Database>, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const organizationIds = await ensureOrganizations(db, options.organizations);
  await ensureDemoAccounts(db, organizationIds[0] ?? null);
  const existing = await countGenerated(db);
  const missing = Math.max(0, options.users - existing);
  if (missing > 0) {
    const batch = options.batchSize ?? 50_000;
    const load = async (executor: Kysely<Database>) => {
      for (let from = existing + 1; from <= options.users; from += batch) {
        const to = Math.min(options.users, from + batch - 1);
        await insertGeneratedUsers(executor, from, to, organizationIds);
        const done = to - existing;
        const rate = Math.round(done / ((performance.now() - started) / 1000));
        progress(
          `users: ${to.toLocaleString('en')} / ${options.users.toLocaleString('en')} (${rate.toLocaleString('en')}/s)`,
        );
      }
    };
    if (missing >= (options.rebuildIndexesFrom ?? REBUILD_INDEXES_FROM)) {
      // One transaction: if the load fails, the dropped indexes come back with the rollback.
      await db.transaction().execute(async (tx) => {
        const rebuild = await dropSecondaryIndexes(tx);
        await load(tx);
        await sql`set local maintenance_work_mem = '512MB'`.execute(tx);
        for (const [i, index] of rebuild.entries()) {
          progress(`indexes: building ${index.name} (${i + 1}/${rebuild.length})`);
          await sql.raw(index.definition).execute(tx);
        }
      });
    } else {
      await load(db);
    }
    progress('analyzing');
    await sql`analyze users, user_search`.execute(db);
  }
  // Vacuum sets the visibility map, without which the lists' index-only scans (deep offsets)
  // visit the heap for every entry until autovacuum comes by; after a migration that filled
  // `user_search` too. Quick when nothing changed: all-visible pages are skipped.
  progress('vacuum');
  await sql`vacuum users, user_search`.execute(db);
  progress('patients');
  await ensureDemoPatients(db);
  await ensureDemoActivity(db);
  return {
    organizations: organizationIds.length,
    generatedUsers: existing + missing,
    inserted: missing,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function ensureOrganizations(db: Kysely<Database>, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => {
    const base = CLINIC_NAMES[i % CLINIC_NAMES.length] ?? 'Clinic';
    return `${base}${i >= CLINIC_NAMES.length ? ` ${Math.floor(i / CLINIC_NAMES.length) + 1}` : ''}`;
  });
  const existing = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('name', 'in', names)
    .execute();
  const byName = new Map(existing.map((org) => [org.name, org.id]));
  const toCreate = names.filter((name) => !byName.has(name));
  if (toCreate.length) {
    const created = await db
      .insertInto('organizations')
      .values(toCreate.map((name) => ({ name })))
      .returning(['id', 'name'])
      .execute();
    for (const org of created) byName.set(org.name, org.id);
  }
  return names.map((name) => byName.get(name) as string);
}

async function ensureDemoAccounts(db: Kysely<Database>, clinicId: string | null) {
  await db
    .insertInto('users')
    .values(
      DEMO_ACCOUNTS.map((account) => ({
        email: account.email,
        firstName: account.firstName,
        lastName: account.lastName,
        roles: account.roles,
        organizationId: account.inClinic ? clinicId : null,
        passwordHash: DEMO_PASSWORD_HASH,
        status: 'active' as const,
        approvedAt: new Date(),
        firstTimeLogin: false,
        clinical: account.roles.includes('provider'),
        npi: account.roles.includes('provider') ? '1234567893' : null,
      })),
    )
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .execute();
}

async function countGenerated(db: Kysely<Database>): Promise<number> {
  // Generated emails end in ".<n>@domain": the highest n is how far a previous run got.
  const row = await sql<{ highest: number | null }>`
    select max(split_part(split_part(email, '@', 1), '.', 3)::int) as highest
    from users where email like ${`%@${GENERATED_EMAIL_DOMAIN}`}
  `.execute(db);
  return row.rows[0]?.highest ?? 0;
}

async function dropSecondaryIndexes(db: Kysely<Database>) {
  const { rows } = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition
    from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in ('users', 'user_search')
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
  `.execute(db);
  for (const { name } of rows) await sql.raw(`drop index ${JSON.stringify(name)}`).execute(db);
  return rows;
}

/**
 * Sign-ins in the audit log over the last 30 days, so the dashboard's recent activity and its
 * daily chart have something to show: up to 300 active users, each signing in on about a quarter
 * of the weekdays and fewer weekend days, at a time of day derived from a hash (the same on every run).
 */
async function ensureDemoActivity(db: Kysely<Database>) {
  const already = await db
    .selectFrom('auditEvents')
    .select('id')
    .where(sql<boolean>`metadata @> '{"demo":true}'::jsonb`)
    .limit(1)
    .execute();
  if (already.length) return;
  await sql`
    insert into audit_events (actor_id, action, target_type, target_id, organization_id, ip, metadata, created_at)
    select u.id, 'auth.login', 'user', u.id, u.organization_id, '10.0.0.' || (u.n % 250), '{"demo":true}'::jsonb, at
    from (
      select id, organization_id, row_number() over (order by id)::int as n
      from users where status = 'active' and archived_at is null order by id limit 300
    ) as u
    cross join generate_series(0, 29) as d
    cross join lateral (
      select date_trunc('day', now()) - d * interval '1 day'
        + (abs(hashint4(u.n * 1009 + d)) % 86400) * interval '1 second' as at
    ) as t
    where t.at <= now()
      and abs(hashint4(u.n * 131 + d)) % 100
        < case when extract(isodow from t.at) in (6, 7) then 6 else 18 + (d * 7) % 13 end
  `.execute(db);
}
