import { verifyPassword } from '@praxis/auth';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PASSWORD_HASH, seedDemo } from '@praxis/db/seed';
import { isValidNpi, ROLE_VALUES } from '@praxis/validators';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, withIsolatedDatabase } from '../testing';

// The demo seed (packages/db/src/seed), checked here where the API's own rules are at hand.
let deps: ApiDeps & { close(): Promise<void> };
let seeded: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
  seeded = await withIsolatedDatabase(deps);
});
afterAll(async () => {
  await seeded.close();
  await deps.close();
});

describe('the demo seed', () => {
  it('creates organisations, every role, archived, suspended and pending users, and valid NPIs', async () => {
    const lines: string[] = [];
    const result = await seedDemo(seeded.db, {
      users: 3000,
      organizations: 4,
      batchSize: 1000,
      onProgress: (l) => lines.push(l),
    });
    expect(result).toMatchObject({ organizations: 4, generatedUsers: 3000, inserted: 3000 });
    expect(lines.filter((l) => l.startsWith('users:'))).toHaveLength(3);
    const users = await seeded.db
      .selectFrom('users')
      .select(['roles', 'status', 'archivedAt', 'npi', 'organizationId'])
      .execute();
    expect(users).toHaveLength(3000 + DEMO_ACCOUNTS.length);
    expect(new Set(users.flatMap((u) => u.roles))).toEqual(new Set(ROLE_VALUES));
    expect(new Set(users.map((u) => u.status))).toEqual(
      new Set(['active', 'pending', 'inactive', 'suspended']),
    );
    expect(users.filter((u) => u.archivedAt).length).toBeGreaterThan(50);
    const npis = users.flatMap((u) => (u.npi ? [u.npi] : []));
    expect(npis.length).toBeGreaterThan(300);
    expect(npis.every(isValidNpi)).toBe(true);
    expect(new Set(users.map((u) => u.organizationId)).size).toBe(5); // four clinics and none
  });

  it('is idempotent and extends a dataset, rebuilding every index after a big load', async () => {
    const indexes = () =>
      sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'users' order by indexname`
        .execute(seeded.db)
        .then((r) => r.rows.map((row) => row.indexdef));
    const before = await indexes();
    expect(await seedDemo(seeded.db, { users: 3000, organizations: 4 })).toMatchObject({ inserted: 0 });
    const extended = await seedDemo(seeded.db, { users: 3100, organizations: 4, rebuildIndexesFrom: 50 });
    expect(extended).toMatchObject({ inserted: 100, generatedUsers: 3100 });
    expect(await indexes()).toEqual(before);
  });

  it('demo accounts sign in with the printed password', async () => {
    expect(await verifyPassword(DEMO_PASSWORD_HASH, DEMO_PASSWORD)).toBe(true);
    const admin = DEMO_ACCOUNTS.find((a) => a.roles.includes('admin'));
    const result = await callerFor(seeded).caller.auth.login({
      email: admin?.email ?? '',
      password: DEMO_PASSWORD,
    });
    expect(result.status).toBe('authenticated');
  });
});
