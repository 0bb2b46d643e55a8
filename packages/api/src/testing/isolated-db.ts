import { createDb } from '@praxis/db';
import { databaseUrlFor, randomSuffix } from '@praxis/vitest';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { type ApiDeps, createApiDeps } from '../deps';

/**
 * Dependencies like `deps` but on a database of their own, fresh from the run's migrated
 * template: for rules over the whole table (e.g. "the last active admin") that the shared
 * worker database, full of other tests' admins, cannot show. Dropped with the template at the end.
 */
export async function withIsolatedDatabase(deps: ApiDeps): Promise<ApiDeps & { close(): Promise<void> }> {
  const template = inject('templateDatabase');
  const name = `${template}_iso_${randomSuffix()}`;
  // Raw names: sql.id would pass through the CamelCasePlugin, which rewrites digits in names.
  await sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`).execute(deps.db);
  const handle = await createDb({ databaseUrl: databaseUrlFor(name), poolSize: 2 });
  const isolated = createApiDeps({
    config: deps.config,
    db: handle.db,
    redis: deps.redis,
    logger: deps.logger,
  });
  return {
    ...isolated,
    async close() {
      await isolated.mailQueue.close();
      await handle.close();
    },
  };
}
