import { basename } from 'node:path';
import { createDb, migrateToLatest } from '@praxis/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrlFor, randomSuffix, slug, testServerUrl } from './test-env';

async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sqlText: string) {
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
 * Migrates one template database for this run (named per run, so several runs can share one
 * Postgres); each test worker clones it. Everything is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const template = `praxis_t_${slug(basename(process.cwd())).slice(0, 20)}_${randomSuffix()}`;
  await adminQuery(`CREATE DATABASE ${template}`);
  const handle = await createDb({ databaseUrl: databaseUrlFor(template), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  project.provide('templateDatabase', template);

  return async () => {
    const rows = await adminQuery<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${template}%'`,
    );
    for (const { datname } of rows) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  };
}
