import type { Executor } from '@praxis/db';
import { queuePrefix, watchRedisHealth } from '@praxis/jobs';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createPresenceAnnouncer, type PresenceAnnouncer } from './announcer';
import { createPresenceBroadcaster } from './broadcast';
import { createLastActivityWriter, type LastActivityWriter } from './last-activity';
import { createPresenceStore, type PresenceStore } from './store';
import { presenceTiming } from './timing';

export const PRESENCE_SWEEP_QUEUE = 'presence-sweep';
const SWEEP_BATCH = 500;

/** Turns the users of lapsed sockets offline, saves their last activity, and announces it. */
export async function sweepOnce(parts: {
  store: PresenceStore;
  announce: PresenceAnnouncer;
  writer: LastActivityWriter;
}): Promise<number> {
  let offline = 0;
  for (;;) {
    const changes = await parts.store.sweep(SWEEP_BATCH);
    await parts.announce(changes);
    offline += changes.length;
    if (changes.length < SWEEP_BATCH) break;
  }
  // Also drains what instances that died could not save.
  await parts.writer.flush();
  return offline;
}

export interface PresenceSweeperOptions {
  /** For BullMQ: made with createRedis(url, 'worker'). */
  connection: Redis;
  /** For the presence scripts and broadcasts. */
  publisher: Redis;
  redisPrefix: string;
  db: Executor;
  logger: Logger;
  timeoutSeconds: number;
}

/**
 * The sweeper as a BullMQ job scheduler: one `sweep` job every T/6 across all processes that run
 * it (the scheduler is upserted, so several workers share one schedule). Returns at once; `ready`
 * settles when Redis took the schedule (a process may start while Redis is still down).
 */
export function startPresenceSweeper(options: PresenceSweeperOptions) {
  const { connection, publisher, redisPrefix, db, timeoutSeconds } = options;
  const logger = options.logger.child({ queue: PRESENCE_SWEEP_QUEUE });
  const timing = presenceTiming(timeoutSeconds);
  const store = createPresenceStore({ redis: publisher, redisPrefix, socketTtlMs: timing.socketTtlMs });
  const broadcaster = createPresenceBroadcaster(publisher, redisPrefix, logger);
  const announce = createPresenceAnnouncer({ db, broadcaster, logger });
  const writer = createLastActivityWriter({ store, db, logger });
  const prefix = queuePrefix(redisPrefix);

  const queue = new Queue(PRESENCE_SWEEP_QUEUE, { connection, prefix });
  const worker = new Worker(
    PRESENCE_SWEEP_QUEUE,
    async () => {
      const offline = await sweepOnce({ store, announce, writer });
      if (offline) logger.info({ offline }, 'presence sweep: users whose sockets lapsed are offline');
      return offline;
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, err: error }, 'presence sweep failed'));
  const schedule = () =>
    queue.upsertJobScheduler(
      PRESENCE_SWEEP_QUEUE,
      { every: timing.sweepEveryMs },
      { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: 50 } },
    );
  // A Redis that restarts without its data has lost the schedule: upserting it again is harmless.
  watchRedisHealth(queue, logger, 'presence-sweep-queue', {
    onReachableAgain: () =>
      void schedule().catch((error: unknown) =>
        logger.warn({ err: error }, 'presence sweep schedule not restored; retried when Redis is back'),
      ),
  });
  watchRedisHealth(worker, logger, 'presence-sweep-worker');
  const ready = schedule()
    .then(() => worker.waitUntilReady())
    .then(() => undefined);
  ready.catch((error: unknown) => logger.error({ err: error }, 'presence sweeper could not start'));

  return {
    worker,
    ready,
    everyMs: timing.sweepEveryMs,
    async close(): Promise<void> {
      await worker.close();
      await queue.close();
      await writer.close();
    },
  };
}

export type PresenceSweeper = ReturnType<typeof startPresenceSweeper>;
