import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker';

/**
 * The one Redis connection factory of server and worker. Producers fail fast when Redis is down
 * (a caller must learn that a mail was not queued); BullMQ workers wait and retry forever.
 */
export function createRedis(url: string, role: RedisRole, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: false,
    connectionName: `praxis-${role}`,
    ...(role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }
      : { maxRetriesPerRequest: null }),
    ...options,
  });
}

/** BullMQ key prefix: a hash tag so every key of a queue lands on one Redis Cluster slot. */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}

/** Resolves once the connection is ready; rejects after `timeoutMs` (the client keeps retrying). */
export function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
