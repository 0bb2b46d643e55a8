import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './create-db';
import { executePrepared, namedPreparedStatement, preparedStatement } from './prepared-statements';
import type { Executor } from './schema';
import { workerDatabase } from './testing';

// A table of its own, so altering it cannot disturb the other tests sharing this database.
interface Probe {
  prepared_probe: { id: number; label: string };
}
const probe = (db: Executor) => db as unknown as Kysely<Probe>;
const byId = preparedStatement((db) =>
  probe(db).selectFrom('prepared_probe').selectAll().where('id', '=', 0),
);

const dataDir = mkdtempSync(join(tmpdir(), 'praxis-prepared-'));
let pg: DbHandle;
let pglite: DbHandle;

beforeAll(async () => {
  // One connection, so the statement prepared by one call is the one the next call finds.
  pg = await createDb({ databaseUrl: (await workerDatabase()).url, poolSize: 1 });
  pglite = await createDb({ dataDir });
});

afterAll(async () => {
  await pg?.close();
  await pglite?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each([
  ['postgres', () => pg],
  ['pglite', () => pglite],
])('a prepared statement on %s', (driver, handle) => {
  it('answers with the values of each call, and keeps working when its table gains a column', async () => {
    const { db } = handle();
    await sql`drop table if exists prepared_probe`.execute(db);
    await sql`create table prepared_probe (id int primary key, label text not null)`.execute(db);
    await sql`insert into prepared_probe values (1, 'one'), (2, 'two')`.execute(db);

    expect(await byId(db, [2])).toEqual([{ id: 2, label: 'two' }]);
    expect(await byId(db, [1])).toEqual([{ id: 1, label: 'one' }]);
    expect(await byId(db, [3])).toEqual([]);

    // What a migration run by another process does while this one is serving.
    await sql`alter table prepared_probe add column note text`.execute(db);
    expect(await byId(db, [1])).toEqual([{ id: 1, label: 'one', note: null }]);
    // The runs after it read their rows by the new columns too.
    expect(await byId(db, [2])).toEqual([{ id: 2, label: 'two', note: null }]);

    if (driver === 'postgres') {
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db);
      expect(rows.map((row) => row.name)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^praxis_[0-9a-f]{16}_1$/)]),
      );
    }
  });

  it("fails with Postgres's own error, and the connection goes on serving", async () => {
    const { db } = handle();
    await sql`drop table if exists prepared_probe`.execute(db);
    await sql`create table prepared_probe (id int primary key, label text not null)`.execute(db);
    const insert = (id: number, label: string) =>
      probe(db).insertInto('prepared_probe').values({ id, label }).execute();
    await insert(1, 'one');

    // What the API turns into a conflict or a bad request reads these fields.
    await expect(insert(1, 'again')).rejects.toMatchObject({
      code: '23505',
      constraint: 'prepared_probe_pkey',
    });
    await expect(byId(db, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    // One connection (pg) that failed twice: the next calls are answered on it.
    await insert(2, 'two');
    expect(await byId(db, [2])).toEqual([{ id: 2, label: 'two' }]);
  });
});

describe('a prepared statement with named values', () => {
  const byLabels = namedPreparedStatement(['first', 'second'], (db, v) =>
    probe(db)
      .selectFrom('prepared_probe')
      .select('id')
      .where((eb) =>
        eb.or([eb('label', '=', v.first), eb('label', '=', v.second), eb('label', '=', v.first)]),
      )
      .orderBy('id'),
  );
  const withStrayValue = namedPreparedStatement(['first'], (db, v) =>
    probe(db).selectFrom('prepared_probe').select('id').where('label', '=', v.first).where('id', '>', 0),
  );

  it('passes each value where its name was used, however often and in whatever order', async () => {
    const { db } = pg;
    await sql`drop table if exists prepared_probe`.execute(db);
    await sql`create table prepared_probe (id int primary key, label text not null)`.execute(db);
    await sql`insert into prepared_probe values (1, 'one'), (2, 'two'), (3, 'three')`.execute(db);
    expect(await byLabels(db, { second: 'three', first: 'one' })).toEqual([{ id: 1 }, { id: 3 }]);
    expect(await byLabels(db, { first: 'two', second: 'none' })).toEqual([{ id: 2 }]);
  });

  it('refuses a query holding a value that is not one of the names', async () => {
    await expect(withStrayValue(pg.db, { first: 'one' })).rejects.toThrow(/Not a named placeholder/);
  });
});

describe('a query run by executePrepared', () => {
  it('is planned once per connection: its text becomes a named statement, whatever the values', async () => {
    const { db } = pg;
    await sql`drop table if exists prepared_probe`.execute(db);
    await sql`create table prepared_probe (id int primary key, label text not null)`.execute(db);
    await sql`insert into prepared_probe values (1, 'one'), (2, 'two'), (3, 'three')`.execute(db);
    const above = (id: number) =>
      probe(db).selectFrom('prepared_probe').select('label').where('id', '>', id).orderBy('id');

    expect(await executePrepared(db, above(1))).toEqual([{ label: 'two' }, { label: 'three' }]);
    expect(await executePrepared(db, above(2))).toEqual([{ label: 'three' }]);

    const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements
      where statement = ${above(0).compile().sql}`.execute(db);
    expect(rows).toEqual([{ name: expect.stringMatching(/^praxis_[0-9a-f]{16}_\d+$/) }]);
  });
});
