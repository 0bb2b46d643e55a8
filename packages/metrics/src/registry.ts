import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Seconds: from a fast session check (~1 ms) to a slow export or a stuck dependency. */
const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One process's Prometheus registry with the instruments both processes share. Labels hold
 * names fixed in the code (procedures, route patterns, queue and job names, status classes),
 * never ids, emails or paths as requested: a label value is a time series, and personal data
 * must not reach the monitoring system.
 */
export function createMetrics(service: 'server' | 'worker') {
  const registry = new Registry();
  registry.setDefaultLabels({ service: `praxis-${service}` });
  // Heap, GC, event-loop lag (nodejs_eventloop_lag_*), handles, CPU and RSS.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const requestDuration = new Histogram({
    name: 'praxis_request_duration_seconds',
    help: 'Time to answer a tRPC procedure call or a REST request, by procedure or route pattern and status class.',
    labelNames: ['transport', 'route', 'method', 'status_class'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const redisErrors = new Counter({
    name: 'praxis_redis_errors_total',
    help: 'Redis errors by client: failed commands (kind=command) and connection errors (kind=connection).',
    labelNames: ['client', 'kind'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'praxis_job_duration_seconds',
    help: 'Time a worker spent on a job, by queue, job name and outcome.',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    requestDuration,
    redisErrors,
    jobDuration,
    /** The Prometheus text exposition of every metric. */
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** 2xx, 4xx, 5xx…: the status label, never the exact code. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
