import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppRouter } from '@praxis/api';
import { createTestUser, randomSuffix, TEST_PASSWORD, workerDatabase } from '@praxis/db/testing';
import { startOwnRedisServer, testRedisPrefix } from '@praxis/jobs/testing';
import { startSmtpCapture } from '@praxis/mail/testing';
import { type AppProcess, startWorkerProcess } from '@praxis/worker/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { Redis } from 'ioredis';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../testing';

// The server and the worker as processes, with their Redis stopped for a few seconds and started
// again: every Redis and queue client logs through pino one line when Redis goes and one when it
// is back (no raw ECONNREFUSED stacks on stderr, nothing per retry), and both work again after.

const ownRedis = await startOwnRedisServer();
const smtp = await startSmtpCapture();
let server: AppProcess;
let port: number;
let worker: AppProcess;
let db: Awaited<ReturnType<typeof workerDatabase>>['handle']['db'];

beforeAll(async () => {
  const { url, handle } = await workerDatabase();
  db = handle.db;
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: ownRedis.url,
    REDIS_PREFIX: `${testRedisPrefix()}-outage${randomSuffix()}`,
    SMTP_URL: smtp.url,
    APP_URL: 'http://app.test',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'praxis-outage-')),
  };
  const [started, startedWorker] = await Promise.all([
    startServerProcess(env),
    startWorkerProcess(env, { readyPattern: /"msg":"worker ready"/, timeoutMs: 60_000 }),
  ]);
  server = started.process;
  port = started.port;
  worker = startedWorker;
}, 120_000);

afterAll(async () => {
  await ownRedis.start();
  await Promise.all([server?.stop(), worker?.stop()]);
  await smtp.close();
});

interface LogLine {
  msg?: string;
  client?: string;
  err?: { message?: string };
}

/** Every line a process printed must be one of pino's JSON lines: a raw stack or console line is not. */
function parseLines(output: string): { json: LogLine[]; raw: string[] } {
  const json: LogLine[] = [];
  const raw: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    try {
      json.push(JSON.parse(line) as LogLine);
    } catch {
      raw.push(line);
    }
  }
  return { json, raw };
}

const countBy = (lines: LogLine[], msg: string) => {
  const counts: Record<string, number> = {};
  for (const line of lines)
    if (line.msg === msg) counts[line.client ?? '?'] = (counts[line.client ?? '?'] ?? 0) + 1;
  return counts;
};

const SERVER_CLIENTS = ['api', 'mail-queue', 'presence', 'presence-subscriber'];
const WORKER_CLIENTS = [
  'audit-retention-queue',
  'audit-retention-worker',
  'mail-worker',
  'presence-publisher',
  'presence-sweep-queue',
  'presence-sweep-worker',
];

describe('a Redis outage of a few seconds', () => {
  it('is logged once down and once back per client, with no raw stack, and both processes work after', async () => {
    await ownRedis.stop();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await ownRedis.start();

    const once = (clients: string[]) => Object.fromEntries(clients.map((client) => [client, 1]));
    await expect
      .poll(() => countBy(parseLines(server.output()).json, 'Redis reachable again'), { timeout: 30_000 })
      .toEqual(once(SERVER_CLIENTS));
    await expect
      .poll(() => countBy(parseLines(worker.output()).json, 'Redis reachable again'), { timeout: 30_000 })
      .toEqual(once(WORKER_CLIENTS));

    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `http://127.0.0.1:${port}/trpc`, transformer: superjson })],
    });
    const { user } = await createTestUser(db);
    // Sign-in needs Redis (rate limits) and the reset mail needs the queue and the worker.
    expect(await client.auth.login.mutate({ email: user.email, password: TEST_PASSWORD })).toMatchObject({
      status: 'authenticated',
    });
    expect(await client.auth.requestPasswordReset.mutate({ email: user.email })).toEqual({ ok: true });
    await smtp.waitFor(user.email, (mail) => mail.body.includes('/reset-password?token='));
    // The worker scheduled its presence sweep again on the Redis that came back empty.
    const redis = new Redis(ownRedis.url);
    try {
      await expect
        .poll(async () => (await redis.keys('*presence-sweep:repeat*')).length, { timeout: 10_000 })
        .toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }

    for (const [process, clients] of [
      [server, SERVER_CLIENTS],
      [worker, WORKER_CLIENTS],
    ] as const) {
      const { json, raw } = parseLines(process.output());
      expect(raw).toEqual([]);
      expect(countBy(json, 'Redis unreachable')).toEqual(once(clients));
      expect(countBy(json, 'Redis reachable again')).toEqual(once(clients));
      // Our redis-server restarts empty: a sweep job that was running when it stopped is gone, and
      // BullMQ says so once when that job ends. Any other error line is a failure.
      const errors = json.filter((line) => line.msg === 'queue or Redis client error');
      expect(errors.filter((line) => !line.err?.message?.startsWith('Missing key for job'))).toEqual([]);
    }
  });
});
