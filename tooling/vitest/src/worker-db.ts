import { createDb, type DbHandle } from '@praxis/db';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrlFor, testServerUrl } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

let shared: Promise<{ url: string; handle: DbHandle }> | undefined;

/**
 * This test worker's own database, cloned from the run's migrated template once per worker.
 * Tests share it and must not depend on each other's rows (use fresh emails and organisations).
 */
export function workerDatabase(): Promise<{ url: string; handle: DbHandle }> {
  shared ??= (async () => {
    const template = inject('templateDatabase');
    const name = `${template}_w${process.env.VITEST_POOL_ID ?? '1'}`;
    const client = new pg.Client({ connectionString: testServerUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await client.end();
    }
    const url = databaseUrlFor(name);
    return { url, handle: await createDb({ databaseUrl: url, poolSize: 5 }) };
  })();
  return shared;
}
