import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { MAIL_QUEUE, type MailKind, type MailPayload, mailJobSchemas } from './mail-jobs';
import { queuePrefix } from './redis';
import { type HealthLogger, watchRedisHealth } from './redis-health';

export type MailQueue = Queue;

const ENQUEUE_TIMEOUT_MS = 3_000;

/** The producer side of the mail queue; its outages are logged through `logger` (watchRedisHealth). */
export function createMailQueue(connection: Redis, redisPrefix: string, logger: HealthLogger): MailQueue {
  const queue = new Queue(MAIL_QUEUE, {
    connection,
    prefix: queuePrefix(redisPrefix),
    defaultJobOptions: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 2_000 },
      // Payloads hold one-time secrets: drop them once sent; keep failures a week for inspection.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  watchRedisHealth(queue, logger, 'mail-queue');
  return queue;
}

export class MailQueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The mail queue (Redis) is unreachable', { cause });
    this.name = 'MailQueueUnavailableError';
  }
}

/**
 * Validates and queues one mail. `jobId` makes a retry of the same request idempotent.
 * Throws MailQueueUnavailableError when Redis does not take it.
 */
export async function enqueueMail<K extends MailKind>(
  queue: MailQueue,
  kind: K,
  payload: MailPayload<K>,
  jobId: string,
  timeoutMs = ENQUEUE_TIMEOUT_MS,
): Promise<void> {
  const data = mailJobSchemas[kind].parse(payload);
  let timer: NodeJS.Timeout | undefined;
  // BullMQ waits for a connection indefinitely; a caller must hear "not queued" instead.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not queued within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([queue.add(kind, data, { jobId: `${kind}-${jobId}` }), timeout]);
  } catch (error) {
    throw new MailQueueUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}
