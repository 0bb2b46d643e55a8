import { basename } from 'node:path';
import { createDb, migrateToLatest } from '@praxis/db';
import pg from 'pg';
import { databaseUrlFor, templateName, testServerUrl } from './test-env';

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Tests need Postgres at ${testServerUrl} (set TEST_DATABASE_URL, or start it: see README "Running the tests")`,
      { cause: error },
    );
  }
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** Migrates one template database per package run; each test worker clones it. */
export default async function setup(): Promise<void> {
  const packageName = basename(process.cwd());
  const template = templateName(packageName);
  await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${template}`);
  const handle = await createDb({ databaseUrl: databaseUrlFor(template), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  process.env.PRAXIS_TEST_TEMPLATE = template;
}
