import { type Executor, isDatabaseUnavailableError } from '@praxis/db';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { PresenceStore } from './store';

export interface LastActivity {
  userId: string;
  at: Date;
}

/** One UPDATE for a batch; never moves a user's last_activity backwards. */
export async function saveLastActivity(db: Executor, entries: readonly LastActivity[]): Promise<void> {
  if (!entries.length) return;
  const rows = sql.join(
    entries.map((entry) => sql`(${entry.userId}::uuid, ${entry.at.toISOString()}::timestamptz)`),
  );
  await sql`
    update users as u set last_activity = v.at
    from (values ${rows}) as v(id, at)
    where u.id = v.id and (u.last_activity is null or u.last_activity < v.at)
  `.execute(db);
}

const BATCH = 1_000;
const SOON_MS = 200;

/**
 * Moves last activities from Redis to Postgres in batches: on a timer while users are online,
 * and shortly after they go offline (`flushSoon` coalesces a burst of disconnects into one write).
 * A batch that cannot be written goes back to Redis for the next flush.
 */
export function createLastActivityWriter({
  store,
  db,
  logger,
}: {
  store: PresenceStore;
  db: Executor;
  logger: Logger;
}) {
  let running: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;

  async function drain(): Promise<number> {
    let saved = 0;
    for (;;) {
      const batch = await store.takeDirty(BATCH);
      try {
        await saveLastActivity(db, batch);
      } catch (error) {
        // An outage is logged once by the pool; this runs every few seconds until it ends.
        const level = isDatabaseUnavailableError(error) ? 'debug' : 'warn';
        logger[level](
          { err: error, users: batch.length },
          'saving last activity failed; kept in Redis for the next flush',
        );
        await store.restoreDirty(batch);
        return saved;
      }
      saved += batch.length;
      if (batch.length < BATCH) return saved;
    }
  }

  function flush(): Promise<number> {
    running = running.then(drain, drain).catch((error: unknown) => {
      logger.warn({ err: error }, 'saving last activity failed (Redis)');
      return 0;
    });
    return running;
  }

  return {
    flush,
    flushSoon(): void {
      timer ??= setTimeout(() => {
        timer = undefined;
        void flush();
      }, SOON_MS);
    },
    async close(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

export type LastActivityWriter = ReturnType<typeof createLastActivityWriter>;
