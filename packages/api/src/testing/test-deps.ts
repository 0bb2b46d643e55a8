import { type Env, loadConfig } from '@praxis/config';
import { workerDatabase } from '@praxis/db/testing';
import { createRedis, waitForRedis } from '@praxis/jobs';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import pino from 'pino';
import { type ApiDeps, createApiDeps } from '../deps';

/** The API's dependencies on this test worker's database and Redis prefix. */
export async function createTestDeps(env: Env = {}): Promise<ApiDeps & { close(): Promise<void> }> {
  const { handle } = await workerDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: testRedisPrefix(),
    APP_URL: 'http://app.test',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const redis = createRedis(config.redisUrl, 'producer');
  redis.on('error', () => {}); // tests of an unreachable Redis expect the failures
  await waitForRedis(redis, 2_000).catch(() => {});
  const deps = createApiDeps({ config, db: handle.db, redis, logger: pino({ level: config.logLevel }) });
  return {
    ...deps,
    async close() {
      deps.userSearch.stop();
      await deps.mailQueue.close();
      redis.disconnect();
    },
  };
}
