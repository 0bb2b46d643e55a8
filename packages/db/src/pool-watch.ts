import type { PostgresPool } from 'kysely';
import type pg from 'pg';
import { describeConnectionError, isDatabaseUnavailableError } from './connection-errors';

/** The part of a pino logger the pool uses. */
export interface DbLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/**
 * Keeps a Postgres outage from ending the process, and logs it once when Postgres becomes
 * unreachable and once when it answers again (not on every failed query). Returns the pool to
 * hand to Kysely: the same pool, noting the connections it could not open.
 */
export function watchPool(pool: pg.Pool, location: string, logger: DbLogger | undefined): PostgresPool {
  let reachable = true;
  const lost = (error: unknown) => {
    if (!reachable) return;
    reachable = false;
    logger?.warn(
      { database: location, reason: describeConnectionError(error) },
      'Postgres is unreachable: queries fail until it answers again',
    );
  };
  // An idle client whose connection died (Postgres stopped or restarted, the network cut): pg-pool
  // has already dropped it, but emits 'error', which without a listener would end the process.
  pool.on('error', lost);
  pool.on('connect', (client) => {
    // A client in use emits 'error' too when its connection dies (its query fails on its own, and
    // the pool discards it on release); pg-pool listens only while it is idle.
    client.on('error', lost);
    if (reachable) return;
    reachable = true;
    logger?.info({ database: location }, 'Postgres answers again');
  });
  return {
    connect: () =>
      pool.connect().catch((error: unknown) => {
        if (isDatabaseUnavailableError(error)) lost(error);
        throw error;
      }),
    end: () => pool.end(),
    options: pool.options,
  };
}
