import type { Queue, Worker } from 'bullmq';
import { Gauge } from 'prom-client';
import { withinASecond } from './dependencies';
import type { Metrics } from './registry';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** `praxis_queue_jobs{queue, state}`, counted in Redis at each scrape (left out when Redis is down). */
export function watchQueues(metrics: Metrics, queues: readonly Queue[]): void {
  new Gauge({
    name: 'praxis_queue_jobs',
    help: 'Jobs of each BullMQ queue by state (waiting, active, delayed, failed).',
    labelNames: ['queue', 'state'] as const,
    registers: [metrics.registry],
    // Every process of a server counts the same queue: a sum would multiply it.
    aggregator: 'max',
    async collect() {
      this.reset();
      const counted = await Promise.all(
        queues.map(async (queue) => ({
          queue: queue.name,
          counts: await withinASecond(() => queue.getJobCounts(...STATES)),
        })),
      );
      for (const { queue, counts } of counted) {
        if (!counts) continue;
        for (const state of STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
}

/** Times every job this worker finishes, by job name and outcome (job data never becomes a label). */
export function watchJobs(metrics: Metrics, worker: Worker): void {
  const observe = (
    outcome: 'completed' | 'failed',
    job: { name: string; processedOn?: number; finishedOn?: number } | undefined,
  ) => {
    if (!job?.processedOn) return;
    const seconds = ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
    metrics.jobDuration.observe({ queue: worker.name, job: job.name, outcome }, seconds);
  };
  worker.on('completed', (job) => observe('completed', job));
  worker.on('failed', (job) => observe('failed', job));
}
