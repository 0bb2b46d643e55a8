export { aggregateWorkers, type MetricsSource, shareWithPrimary } from './cluster';
export { gaugeFrom, type PoolStats, watchPool } from './dependencies';
export { bearerMatches, listenForScrapes, type MetricsListenerOptions } from './expose';
export { watchJobs, watchQueues } from './queues';
export { watchRedis } from './redis';
export { createMetrics, type Metrics, statusClass } from './registry';
