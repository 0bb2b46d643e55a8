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

/** A read or write that needed Redis and could not reach it; the API answers 503 for it. */
export class RedisUnavailableError extends Error {
  constructor(cause: unknown) {
    super('Redis is unreachable', { cause });
    this.name = 'RedisUnavailableError';
  }
}

// What ioredis rejects a command with when it has no connection: the offline queue is off (a
// producer), the retries per request ran out, or the socket closed under the command.
const UNREACHABLE_MESSAGES = [
  "Stream isn't writeable",
  'Connection is closed',
  'Reached the max retries per request limit',
];
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** True for a RedisUnavailableError and for the errors ioredis gives when Redis is unreachable. */
export function isRedisUnavailable(error: unknown): boolean {
  if (error instanceof RedisUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  return UNREACHABLE_MESSAGES.some((message) => error.message.includes(message));
}
