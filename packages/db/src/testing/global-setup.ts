import { basename } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../create-db';
import { migrateToLatest } from '../migrate';
import { adminQuery } from './template-database';
import { databaseUrlFor, randomSuffix, slug } from './test-env';

/**
 * Vitest global setup of every package whose tests use the database (its vitest.config passes
 * `@praxis/db/testing/global-setup`): migrates one template database for this run (named per
 * run, so several runs can share one Postgres); each test worker clones it. Everything is
 * dropped at the end.
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
