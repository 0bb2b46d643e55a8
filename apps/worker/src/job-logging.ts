import { watchRedisHealth } from '@praxis/jobs';
import type { Worker } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Logs what goes wrong in any worker: a retry at warn, a job that failed for good at error (it
 * stays in the failed set, see removeOnFail of its queue). Only ids and kinds: never job data.
 */
export function attachJobLogging(worker: Worker, logger: Logger): void {
  worker.on('failed', (job, error) => {
    if (!job) {
      logger.error({ err: error }, 'a job failed and could not be kept');
      return;
    }
    const attempts = job.opts.attempts ?? 1;
    const fields = { jobId: job.id, kind: job.name, attemptsMade: job.attemptsMade, attempts, err: error };
    if (error.name === 'UnrecoverableError' || job.attemptsMade >= attempts) {
      logger.error(fields, 'job failed for good; it stays in the failed set');
    } else {
      logger.warn(fields, 'job failed; it will be retried');
    }
  });
  worker.on('stalled', (jobId) =>
    logger.warn({ jobId }, 'job stalled (its worker died?); it is back in the queue'),
  );
  // Redis outages: one line when it goes and one when it is back, not one per retry.
  watchRedisHealth(worker, logger, `${worker.name}-worker`);
}
