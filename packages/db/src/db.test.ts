import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './create-db';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';
import * as scrubAuditPersonalData from './migrations/2026_11_30_0100_scrub_audit_personal_data';
import { workerDatabase } from './testing';

const dataDir = mkdtempSync(join(tmpdir(), 'praxis-pglite-'));
let pglite: DbHandle;
let postgres: DbHandle;

beforeAll(async () => {
  postgres = (await workerDatabase()).handle;
  pglite = await createDb({ dataDir });
  await migrateToLatest(pglite.db);
});

afterAll(async () => {
  await pglite?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each([
  ['postgres', () => postgres],
  ['pglite', () => pglite],
])('on %s', (_name, handle) => {
  it('stores emails lower-case and unique regardless of case', async () => {
    const { db } = handle();
    const email = `Case-${Date.now()}@Example.test`.toLowerCase();
    await db.insertInto('users').values({ email }).execute();
    await expect(sql`INSERT INTO users (email) VALUES (${email.toUpperCase()})`.execute(db)).rejects.toThrow(
      /check|unique|violates/i,
    );
  });

  it('returns counts as numbers and dates as ISO text, like the other driver', async () => {
    const { db } = handle();
    const row = await db
      .insertInto('users')
      .values({ email: `dob-${Date.now()}@example.test`, dateOfBirth: '1990-04-05' })
      .returning(['dateOfBirth', 'createdAt', 'roles'])
      .executeTakeFirstOrThrow();
    expect(row.dateOfBirth).toBe('1990-04-05');
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(row.roles).toEqual([]);
    const { count } = await db
      .selectFrom('users')
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    expect(typeof count).toBe('number');
  });

  it('names every column of every row in camelCase, and leaves the keys inside JSON values as stored', async () => {
    const { db } = handle();
    const { rows } = await sql<Record<string, unknown>>`select n as row_number, 'x' || n as first_name,
      json_build_object('first_name', n, 'inner_list', json_build_array(n)) as nested_value,
      array[n, n + 1] as number_list
      from generate_series(1, 3) as n order by n`.execute(db);
    expect(rows).toEqual(
      [1, 2, 3].map((n) => ({
        rowNumber: n,
        firstName: `x${n}`,
        nestedValue: { first_name: n, inner_list: [n] },
        numberList: [n, n + 1],
      })),
    );
    const none = await sql`select 1 as only_column where false`.execute(db);
    expect(none.rows).toEqual([]);
  });

  it('keeps columns whose names are not identifiers as data, each in its own property', async () => {
    const { db } = handle();
    const odd = await sql<Record<string, unknown>>`select 1 as "quote""d", 2 as "back\\slash",
      3 as "a}; throw 1; ({", 4 as "__proto__", 5 as "line
break"`.execute(db);
    expect(odd.rows).toHaveLength(1);
    const [row] = odd.rows;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.entries(row ?? {})).toEqual([
      ['quote"d', 1],
      ['back\\slash', 2],
      ['a}; throw 1; ({', 3],
      ['_Proto', 4],
      ['line\nbreak', 5],
    ]);
    // Another column list through the same plugin gets its own names.
    const plain = await sql<Record<string, unknown>>`select 6 as first_name`.execute(db);
    expect(plain.rows).toEqual([{ firstName: 6 }]);
  });

  it('finds users by substring of "first last" through the trigram search column', async () => {
    const { db } = handle();
    const tag = `zq${Date.now()}`;
    await db
      .insertInto('users')
      .values({ email: `${tag}@example.test`, firstName: 'Ada', lastName: `Lovelace${tag}` })
      .execute();
    const found = await db
      .selectFrom('users')
      .select('email')
      .where('searchText', 'like', `%ada lovelace${tag}%`)
      .execute();
    expect(found.map((r) => r.email)).toEqual([`${tag}@example.test`]);
  });
});

describe('migration 2026_11_30_0100_scrub_audit_personal_data', () => {
  it.each([
    ['postgres', () => postgres],
    ['pglite', () => pglite],
  ])(
    'removes emails and user agents from audit rows written before, keeping the rest (%s)',
    async (_name, handle) => {
      const { db } = handle();
      const action = `test.scrub_${Date.now()}`;
      await db
        .insertInto('auditEvents')
        .values([
          { actorId: null, action, metadata: { email: 'typed@example.test', userAgent: 'Mozilla/5.0' } },
          { actorId: null, action, metadata: { email: 'invitee@example.test', roles: ['staff'] } },
          { actorId: null, action, metadata: { userAgent: 'curl/8', sessionsEnded: 2 } },
          { actorId: null, action, metadata: { changedFields: ['email'] } },
        ])
        .execute();

      await scrubAuditPersonalData.up(db);

      const rows = await db
        .selectFrom('auditEvents')
        .select('metadata')
        .where('action', '=', action)
        .execute();
      expect(rows.map((row) => row.metadata)).toEqual(
        expect.arrayContaining([
          {},
          { roles: ['staff'] },
          { sessionsEnded: 2 },
          { changedFields: ['email'] },
        ]),
      );
      expect(JSON.stringify(rows)).not.toMatch(/example\.test|Mozilla|curl/);
    },
  );
});

describe('migrations', () => {
  it('are safe when two processes migrate at once', async () => {
    const { url } = await workerDatabase();
    const a = await createDb({ databaseUrl: url });
    const b = await createDb({ databaseUrl: url });
    try {
      const results = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
      for (const result of results) expect(result.error).toBeUndefined();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('migrations landing out of date order', () => {
  it('are applied to a database that already ran a later-dated one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-pglite-unordered-'));
    const db = await createDb({ dataDir: dir });
    try {
      const earlier = '2026_12_01_0100_create_two_factor';
      const { [earlier]: _held, ...withoutIt } = migrations;
      expect(_held).toBeDefined();
      // A database migrated on a branch that had everything but `earlier`…
      await migrateToLatest(db.db, withoutIt);
      const tables = () =>
        sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_name = 'totp_credentials'`.execute(
          db.db,
        );
      expect((await tables()).rows).toEqual([]);
      // …takes it when it lands, though later-dated ones ran before.
      const result = await migrateToLatest(db.db);
      expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([[earlier, 'Success']]);
      expect((await tables()).rows).toEqual([{ name: 'totp_credentials' }]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('roles', () => {
  it('are refused by the database when not in the contract list', async () => {
    const { db } = postgres;
    await expect(
      sql`INSERT INTO users (email, roles) VALUES (${`r-${Date.now()}@example.test`}, ARRAY['root']::text[])`.execute(
        db,
      ),
    ).rejects.toThrow(/users_roles_known/);
  });
});
