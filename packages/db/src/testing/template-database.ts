import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../create-db';
import { databaseUrlFor, testServerUrl } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's migrated template database, created by global-setup.ts. */
    templateDatabase: string;
  }
}

/** Runs one statement on the test server's `postgres` database (CREATE/DROP DATABASE). */
export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sqlText: string) {
  const client = new pg.Client({ connectionString: testServerUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Tests need Postgres at ${testServerUrl}: start it, or set TEST_DATABASE_URL (README, "Running the tests")`,
      { cause: error },
    );
  }
  try {
    return (await client.query<T>(sqlText)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A database `<template>_<suffix>` cloned from this run's migrated template, so it is dropped
 * with the template at the end of the run. `replace` drops a leftover of the same name first.
 */
export async function cloneTemplateDatabase(
  suffix: string,
  options: { poolSize: number; replace?: boolean },
): Promise<{ url: string; handle: DbHandle }> {
  const template = inject('templateDatabase');
  const name = `${template}_${suffix}`;
  if (options.replace) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = databaseUrlFor(name);
  return { url, handle: await createDb({ databaseUrl: url, poolSize: options.poolSize }) };
}
