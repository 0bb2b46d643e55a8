import { AUDIT_DELETE_BATCH, type Db, deleteAuditEventsBefore } from '@praxis/db';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { queuePrefix } from './redis';
import { watchRedisHealth } from './redis-health';

export const AUDIT_RETENTION_QUEUE = 'audit-retention';
/** One schedule however many processes register it: upsertJobScheduler keys it by this id. */
export const AUDIT_RETENTION_SCHEDULER_ID = 'audit-retention-daily';
/** While a start-up run waits or runs, another process starting adds no second one. */
export const AUDIT_RETENTION_AT_START_ID = 'audit-retention-at-start';
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditRetentionOptions {
  /** For BullMQ: made with createRedis(url, 'worker'). */
  connection: Redis;
  redisPrefix: string;
  db: Db;
  logger: Logger;
  /** AUDIT_RETENTION_DAYS: events older than this many days are deleted. */
  retentionDays: number;
  /** Rows per DELETE statement. */
  batchSize?: number;
}

/**
 * Enforces AUDIT_RETENTION_DAYS: a BullMQ job scheduler runs a prune once a day across all
 * processes that start it, and each start adds one run at once (so a lowered limit applies on
 * restart). Returns at once; `ready` settles when Redis took the schedule.
 */
export function startAuditRetention(options: AuditRetentionOptions) {
  const { connection, db, retentionDays, batchSize = AUDIT_DELETE_BATCH } = options;
  const logger = options.logger.child({ queue: AUDIT_RETENTION_QUEUE });
  const prefix = queuePrefix(options.redisPrefix);
  const jobOptions = { removeOnComplete: true, removeOnFail: 50 };

  const queue = new Queue(AUDIT_RETENTION_QUEUE, { connection, prefix });
  const worker = new Worker(
    AUDIT_RETENTION_QUEUE,
    async () => {
      const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
      const result = await deleteAuditEventsBefore(db, cutoff, batchSize);
      logger.info(
        { ...result, retentionDays, cutoff: cutoff.toISOString() },
        `audit retention: removed ${result.deleted} events older than ${retentionDays} days`,
      );
      return result;
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, err: error }, 'audit retention failed; the next run tries again'),
  );
  const schedule = () =>
    queue.upsertJobScheduler(
      AUDIT_RETENTION_SCHEDULER_ID,
      { every: DAY_MS },
      { name: 'prune', opts: jobOptions },
    );
  // A Redis that restarts without its data has lost the schedule: upserting it again is harmless.
  watchRedisHealth(queue, logger, 'audit-retention-queue', {
    onReachableAgain: () =>
      void schedule().catch((error: unknown) =>
        logger.warn({ err: error }, 'audit retention schedule not restored; retried when Redis is back'),
      ),
  });
  watchRedisHealth(worker, logger, 'audit-retention-worker');

  const ready = schedule()
    .then(() => queue.add('prune', {}, { ...jobOptions, deduplication: { id: AUDIT_RETENTION_AT_START_ID } }))
    .then(() => worker.waitUntilReady())
    .then(() => undefined);
  ready.catch((error: unknown) => logger.error({ err: error }, 'audit retention could not start'));

  return {
    queue,
    worker,
    ready,
    async close(): Promise<void> {
      await worker.close();
      await queue.close();
    },
  };
}

export type AuditRetention = ReturnType<typeof startAuditRetention>;
