import type { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { isRedisUnavailable } from './redis';

/** The part of a pino logger this needs (jobs does not depend on pino). */
export interface HealthLogger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** Queue, Worker and QueueEvents of BullMQ: they re-emit their connections' errors, and their backend says 'ready'. */
interface BullMqClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
  getBackend(): unknown;
}

export type RedisHealthTarget = Redis | BullMqClient;

const isBullMq = (target: RedisHealthTarget): target is BullMqClient =>
  typeof (target as Partial<BullMqClient>).getBackend === 'function';

/**
 * Logs a Redis client's outages through pino, once per change of state: "Redis unreachable" when
 * it first fails, "Redis reachable again" when it is ready after that — not once per retry. Its
 * 'error' listener also keeps ioredis and BullMQ from printing raw stacks on stderr, which they do
 * for an 'error' event nobody listens to. `client` names it in both lines; `onReachableAgain` runs
 * after the "back" line (e.g. to restore what a Redis restarted empty lost).
 */
export function watchRedisHealth(
  target: RedisHealthTarget,
  logger: HealthLogger,
  client: string,
  options: { onReachableAgain?: () => void } = {},
): void {
  let down = false;
  const onError = (error: Error) => {
    // Not an outage (a script, a BullMQ or a worker error): each is worth its own line, stack as a field.
    if (!isRedisUnavailable(error)) {
      logger.error({ client, err: error }, 'queue or Redis client error');
      return;
    }
    if (down) return;
    down = true;
    const code = (error as { code?: unknown }).code;
    logger.warn({ client, err: error.message, ...(code ? { code } : {}) }, 'Redis unreachable');
  };
  const onReady = () => {
    if (!down) return;
    down = false;
    logger.info({ client }, 'Redis reachable again');
    options.onReachableAgain?.();
  };
  target.on('error', onError);
  const readySource = (isBullMq(target) ? target.getBackend() : target) as EventEmitter;
  readySource.on('ready', onReady);
}
