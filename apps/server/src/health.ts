import type { Db } from '@praxis/db';
import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';

const CHECK_TIMEOUT_MS = 1_500;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/** `/health`: the process is up. `/ready`: Postgres and Redis answer, else 503 naming the failing one. */
export function healthRoutes(deps: { db: Db; redis: Redis }) {
  return new Hono()
    .get('/health', (c) => c.json({ status: 'ok' }))
    .get('/ready', async (c) => {
      const checks = await Promise.allSettled([
        withTimeout(sql`select 1`.execute(deps.db)),
        withTimeout(deps.redis.ping()),
      ]);
      const failing = (['postgres', 'redis'] as const).filter((_, i) => checks[i]?.status === 'rejected');
      return failing.length
        ? c.json({ status: 'unavailable', failing }, 503)
        : c.json({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
    });
}
