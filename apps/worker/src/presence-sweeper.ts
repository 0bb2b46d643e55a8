import type { Config } from '@praxis/config';
import type { Db } from '@praxis/db';
import { createRedis, quitRedis, watchRedisHealth } from '@praxis/jobs';
import { startPresenceSweeper } from '@praxis/presence';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The presence sweeper of this worker: turns the users of dead server instances offline and
 * saves their last activity. Only with DATABASE_URL: without it the server holds an embedded
 * database that no other process can open, and sweeps itself.
 */
export function startWorkerPresenceSweeper(config: Config, connection: Redis, db: Db, logger: Logger) {
  const publisher = createRedis(config.redisUrl, 'worker', { connectionName: 'praxis-presence-sweeper' });
  watchRedisHealth(publisher, logger, 'presence-publisher');
  const sweeper = startPresenceSweeper({
    connection,
    publisher,
    redisPrefix: config.redisPrefix,
    db,
    logger,
    timeoutSeconds: config.presenceTimeoutSeconds,
  });

  return {
    worker: sweeper.worker,
    ready: sweeper.ready,
    async close(): Promise<void> {
      await sweeper.close();
      await quitRedis(publisher);
    },
  };
}
