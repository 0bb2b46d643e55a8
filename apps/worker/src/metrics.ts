import type { Config } from '@praxis/config';
import type { DbHandle } from '@praxis/db';
import { createMailQueue } from '@praxis/jobs';
import {
  createMetrics,
  listenForScrapes,
  watchJobs,
  watchPool,
  watchQueues,
  watchRedis,
} from '@praxis/metrics';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

interface WorkerSources {
  connection: Redis;
  database: DbHandle | null;
  workers: Worker[];
  queues: Queue[];
  logger: Logger;
}

/**
 * The worker's metrics (job durations, queue counts, pool, Redis errors, event loop and heap),
 * served on WORKER_METRICS_PORT when it is set. The worker has no other HTTP listener.
 */
export async function startWorkerMetrics(config: Config, sources: WorkerSources) {
  const { workerPort, host, token } = config.metrics;
  if (workerPort === undefined) return null;
  const metrics = createMetrics('worker');
  const { connection, database, logger } = sources;
  watchRedis(metrics, connection, 'worker');
  if (database?.poolStats) watchPool(metrics, database.poolStats);
  for (const worker of sources.workers) watchJobs(metrics, worker);
  // The producer's view of the mail queue: what waits, runs, is delayed (retries) or failed.
  const mailQueue = createMailQueue(connection, config.redisPrefix, logger);
  watchQueues(metrics, [mailQueue, ...sources.queues]);
  const listener = await listenForScrapes(metrics, { port: workerPort, host, token });
  logger.info({ port: listener.port, host }, 'metrics listening');
  return {
    port: listener.port,
    async close() {
      await listener.close();
      await mailQueue.close();
    },
  };
}
