import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { isDatabaseUnavailableError } from './connection-errors';
import { createDb } from './create-db';
import { type PostgresCluster, startPostgresCluster } from './testing';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(() => cluster?.destroy());

function captureLogs() {
  const lines: Array<{ level: 'warn' | 'info'; message: string; fields: object }> = [];
  return {
    lines,
    logger: {
      warn: (fields: object, message: string) => lines.push({ level: 'warn', message, fields }),
      info: (fields: object, message: string) => lines.push({ level: 'info', message, fields }),
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the query to fail');
}

const waitUntil = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('a pg pool through a Postgres restart', () => {
  it('survives the stop with idle connections, fails fast while down, and recovers', async () => {
    const logs = captureLogs();
    const handle = await createDb({ databaseUrl: cluster.url(), poolSize: 3, logger: logs.logger });
    onTestFinished(() => handle.close());
    // Three idle connections in the pool when Postgres goes away.
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(handle.db)));

    await cluster.stop();
    // Each idle connection is told "terminating connection due to administrator command".
    await waitUntil(() => logs.lines.length > 0);
    const startedAt = Date.now();
    const error = await failureOf(sql`select 1`.execute(handle.db));
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(isDatabaseUnavailableError(error)).toBe(true);
    expect(isDatabaseUnavailableError(await failureOf(sql`select 1`.execute(handle.db)))).toBe(true);

    await cluster.start();
    const { rows } = await sql<{ answer: number }>`select 1 as answer`.execute(handle.db);
    expect(rows).toEqual([{ answer: 1 }]);
    // One line when it went away, one when it came back: not one per failed query or connection.
    expect(logs.lines.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'warn', message: 'Postgres is unreachable: queries fail until it answers again' },
      { level: 'info', message: 'Postgres answers again' },
    ]);
    expect(logs.lines[0]?.fields).toMatchObject({ reason: expect.stringMatching(/administrator command/) });
  });

  it('survives Postgres going away during a transaction', async () => {
    const handle = await createDb({ databaseUrl: cluster.url(), poolSize: 2 });
    onTestFinished(() => handle.close());
    const error = await failureOf(
      handle.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        // The connection is checked out, between statements, when Postgres stops.
        await cluster.stop();
        await sql`select 2`.execute(trx);
      }),
    );
    expect(isDatabaseUnavailableError(error)).toBe(true);
    await cluster.start();
    expect((await sql`select 1 as answer`.execute(handle.db)).rows).toEqual([{ answer: 1 }]);
  });

  it('gives up on a server that accepts but never answers after connectTimeoutMs', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as { port: number };
    const handle = await createDb({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      connectTimeoutMs: 300,
    });
    onTestFinished(() => handle.close());
    const startedAt = Date.now();
    const error = await failureOf(sql`select 1`.execute(handle.db));
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it('does not take a wrong query for an outage', async () => {
    const handle = await createDb({ databaseUrl: cluster.url(), poolSize: 1 });
    onTestFinished(() => handle.close());
    expect(isDatabaseUnavailableError(await failureOf(sql`select from nowhere`.execute(handle.db)))).toBe(
      false,
    );
    expect(isDatabaseUnavailableError(await failureOf(sql`select 1/0`.execute(handle.db)))).toBe(false);
  });
});

describe('embedded PGlite', () => {
  it('has no outage to report: its query errors are not taken for one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'praxis-pglite-'));
    const handle = await createDb({ dataDir });
    onTestFinished(async () => {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    expect(isDatabaseUnavailableError(await failureOf(sql`select from nowhere`.execute(handle.db)))).toBe(
      false,
    );
  });
});
