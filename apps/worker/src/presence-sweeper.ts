import type { Config } from '@praxis/config';
import { createDb } from '@praxis/db';
import { createRedis, watchRedisHealth } from '@praxis/jobs';
import { startPresenceSweeper } from '@praxis/presence';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { quitRedis } from './shutdown';

/**
 * The presence sweeper of this worker: turns the users of dead server instances offline and
 * saves their last activity. Without DATABASE_URL the server holds an embedded database that
 * no other process can open, so the server sweeps instead and this returns null.
 */
export function startWorkerPresenceSweeper(config: Config, connection: Redis, logger: Logger) {
  if (!config.databaseUrl) {
    logger.info('presence sweeper not started here: without DATABASE_URL the server sweeps');
    return null;
  }
  const databaseUrl = config.databaseUrl;
  const database = createDb({ databaseUrl, poolSize: 2 });
  const publisher = createRedis(config.redisUrl, 'worker', { connectionName: 'praxis-presence-sweeper' });
  watchRedisHealth(publisher, logger, 'presence-publisher');
  const sweeper = database.then((handle) =>
    startPresenceSweeper({
      connection,
      publisher,
      redisPrefix: config.redisPrefix,
      db: handle.db,
      logger,
      timeoutSeconds: config.presenceTimeoutSeconds,
    }),
  );

  return {
    ready: sweeper.then((started) => started.ready),
    async close(): Promise<void> {
      await (await sweeper).close();
      await quitRedis(publisher);
      await (await database).close();
    },
  };
}
