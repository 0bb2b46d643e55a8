import { Gauge } from 'prom-client';
import type { Metrics } from './registry';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Postgres pool gauges, read at each scrape. */
export function watchPool(metrics: Metrics, stats: () => PoolStats): void {
  const gauges = {
    total: 'praxis_pg_pool_connections',
    idle: 'praxis_pg_pool_idle_connections',
    waiting: 'praxis_pg_pool_waiting_requests',
  } as const;
  const help = {
    total: 'Connections the Postgres pool holds (busy and idle).',
    idle: 'Idle connections in the Postgres pool.',
    waiting: 'Queries waiting for a free connection of the Postgres pool.',
  } as const;
  for (const key of ['total', 'idle', 'waiting'] as const) {
    new Gauge({
      name: gauges[key],
      help: help[key],
      registers: [metrics.registry],
      collect() {
        this.set(stats()[key]);
      },
    });
  }
}

/**
 * A gauge whose value is read at each scrape, from a function that may need the network: a read
 * that fails or takes over a second leaves the series out of this scrape rather than failing it.
 */
export function gaugeFrom(
  metrics: Metrics,
  name: string,
  help: string,
  read: () => number | Promise<number>,
  /** Across the processes of one server: `sum` for what each holds, `max` for what all share (read from Redis). */
  aggregator: 'sum' | 'max' = 'sum',
): void {
  new Gauge({
    name,
    help,
    aggregator,
    registers: [metrics.registry],
    async collect() {
      const value = await withinASecond(read);
      if (value === undefined) this.reset();
      else this.set(value);
    },
  });
}

export async function withinASecond<T>(read: () => T | Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 1_000);
  });
  try {
    return await Promise.race([Promise.resolve().then(read), late]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
