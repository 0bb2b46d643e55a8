import { cloneTemplateDatabase, randomSuffix } from '@praxis/db/testing';
import { type ApiDeps, createApiDeps } from '../deps';

/**
 * Dependencies like `deps` but on a database of their own, fresh from the run's migrated
 * template: for rules over the whole table (e.g. "the last active admin") that the shared
 * worker database, full of other tests' admins, cannot show. Dropped with the template at the end.
 */
export async function withIsolatedDatabase(deps: ApiDeps): Promise<ApiDeps & { close(): Promise<void> }> {
  const { handle } = await cloneTemplateDatabase(`iso_${randomSuffix()}`, { poolSize: 2 });
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
