import { basename } from 'node:path';
import { createDb, type DbHandle } from '@praxis/db';
import pg from 'pg';
import { databaseUrlFor, templateName, testServerUrl, workerDatabaseName } from './test-env';

let shared: Promise<{ url: string; handle: DbHandle }> | undefined;

/**
 * This test worker's own database, cloned from the migrated template once per worker.
 * Tests share it and must not depend on each other's rows (use fresh emails/orgs).
 */
export function workerDatabase(): Promise<{ url: string; handle: DbHandle }> {
  shared ??= (async () => {
    const packageName = basename(process.cwd());
    const poolId = process.env.VITEST_POOL_ID ?? '1';
    const name = workerDatabaseName(packageName, poolId);
    const client = new pg.Client({ connectionString: testServerUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${templateName(packageName)}`);
    } finally {
      await client.end();
    }
    const url = databaseUrlFor(name);
    return { url, handle: await createDb({ databaseUrl: url, poolSize: 5 }) };
  })();
  return shared;
}
