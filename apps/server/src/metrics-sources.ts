import cluster from 'node:cluster';
import type { Config } from '@praxis/config';
import type { DbHandle } from '@praxis/db';
import type { MailQueue } from '@praxis/jobs';
import {
  gaugeFrom,
  listenForScrapes,
  type Metrics,
  watchPool,
  watchQueues,
  watchRedis,
} from '@praxis/metrics';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PresenceBackend, Realtime } from './realtime';

interface ServerSources {
  config: Config;
  database: DbHandle;
  redis: Redis;
  presence: PresenceBackend;
  mailQueue: MailQueue;
  realtime: Realtime;
  logger: Logger;
}

/**
 * Points the server's metrics at what it depends on (pool, Redis connections, the mail queue,
 * sockets) and opens the METRICS_PORT listener when one is configured.
 */
export async function watchServerDependencies(metrics: Metrics, sources: ServerSources) {
  const { config, database, presence, realtime } = sources;
  if (database.poolStats) watchPool(metrics, database.poolStats);
  watchRedis(metrics, sources.redis, 'api');
  watchRedis(metrics, presence.redis, 'presence');
  watchRedis(metrics, presence.subscriber, 'presence-subscriber');
  watchQueues(metrics, [sources.mailQueue]);
  gaugeFrom(
    metrics,
    'praxis_presence_sockets',
    'Presence sockets connected to this server instance.',
    () => realtime.io.of('/presence').sockets.size,
  );
  gaugeFrom(
    metrics,
    'praxis_presence_users_online',
    'Users online now, on every instance.',
    () => presence.store.countOnline(),
    'max',
  );
  const { serverPort, host, token } = config.metrics;
  // In a server of several processes the primary listens on METRICS_PORT for all of them.
  if (serverPort === undefined || cluster.isWorker) return null;
  const listener = await listenForScrapes(metrics, { port: serverPort, host, token });
  sources.logger.info({ port: listener.port, host }, 'metrics listening');
  return listener;
}
