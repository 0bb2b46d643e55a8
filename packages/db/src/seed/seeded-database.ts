import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type DbHandle } from '../create-db';
import { migrateToLatest } from '../migrate';
import { seedDemo } from './index';

export interface SeededDatabaseOptions {
  /** Any database URL of the Postgres server; the named database is created beside it. */
  serverUrl: string;
  name: string;
  users: number;
  organizations: number;
  log: (line: string) => void;
}

/**
 * A database of the demo dataset at one size, for benchmarks: created once, migrated, seeded (or
 * extended) by the demo seed and vacuumed after a load; later runs reuse it as it is.
 */
export async function openSeededDatabase(
  options: SeededDatabaseOptions,
): Promise<{ databaseUrl: string; handle: DbHandle }> {
  const { serverUrl, name, log } = options;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const handle = await createDb({ databaseUrl, poolSize: 2 });
  await migrateToLatest(handle.db);
  const tty = process.stdout.isTTY;
  const seeded = await seedDemo(handle.db, {
    users: options.users,
    organizations: options.organizations,
    onProgress: (line) => (tty ? process.stdout.write(`\r\u001b[2K${line}`) : log(line)),
  });
  if (tty) process.stdout.write('\n');
  if (seeded.inserted) {
    log(`seeded ${seeded.inserted.toLocaleString('en')} users in ${seeded.seconds}s; vacuum analyze…`);
    await sql`vacuum analyze users`.execute(handle.db);
  } else {
    log(`reusing ${name} (${seeded.generatedUsers.toLocaleString('en')} generated users)`);
  }
  return { databaseUrl, handle };
}
