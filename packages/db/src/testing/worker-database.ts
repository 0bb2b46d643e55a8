import type { DbHandle } from '../create-db';
import { cloneTemplateDatabase } from './template-database';

let shared: Promise<{ url: string; handle: DbHandle }> | undefined;

/**
 * This test worker's own database, cloned from the run's migrated template once per worker.
 * Tests share it and must not depend on each other's rows (use fresh emails and organisations).
 */
export function workerDatabase(): Promise<{ url: string; handle: DbHandle }> {
  shared ??= cloneTemplateDatabase(`w${process.env.VITEST_POOL_ID ?? '1'}`, { poolSize: 5, replace: true });
  return shared;
}
