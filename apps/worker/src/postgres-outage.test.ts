import { createDb, type DbHandle, migrateToLatest } from '@praxis/db';
import {
  createTestUser,
  type PostgresCluster,
  randomSuffix,
  startPostgresCluster,
  uniqueEmail,
} from '@praxis/db/testing';
import { createMailQueue, createRedis, enqueueMail } from '@praxis/jobs';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { type SmtpCapture, startSmtpCapture } from '@praxis/mail/testing';
import { createPresenceStore } from '@praxis/presence';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, inMinutes, startWorkerProcess } from './testing';

// The worker as `pnpm start` runs it, on a Postgres of this test's own that it stops and starts.
// Its presence sweeper writes last_activity to Postgres; its mail jobs do not need Postgres.
const TEST_CONNECTION = 'praxis-outage-test';
const quiet = { error() {}, warn() {}, info() {} };
const redisPrefix = `${testRedisPrefix()}-pgout${randomSuffix()}`;
let cluster: PostgresCluster;
let handle: DbHandle;
let smtp: SmtpCapture;
let producer: Redis;
let worker: AppProcess;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  handle = await createDb({ databaseUrl: `${cluster.url()}?application_name=${TEST_CONNECTION}` });
  await migrateToLatest(handle.db);
  smtp = await startSmtpCapture();
  producer = createRedis(testRedisUrl, 'producer');
  worker = await startWorkerProcess({
    NODE_ENV: 'test',
    DATABASE_URL: cluster.url(),
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: redisPrefix,
    SMTP_URL: smtp.url,
    APP_URL: 'https://praxis.example.test',
    // A sweep every 500 ms.
    PRESENCE_TIMEOUT_SECONDS: '3',
    LOG_LEVEL: 'info',
  });
});

afterAll(async () => {
  try {
    await worker?.stop();
    const queue = createMailQueue(producer, redisPrefix, quiet);
    await queue.obliterate({ force: true });
    await queue.close();
    await producer?.quit();
    await smtp?.close();
    await handle?.close();
  } finally {
    await cluster?.destroy();
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isAlive = () => worker.child.exitCode === null && worker.child.signalCode === null;

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms (last: ${String(value)})`);
    await sleep(200);
  }
}

async function sendMail(code: string) {
  const to = uniqueEmail('outage');
  const queue = createMailQueue(producer, redisPrefix, quiet);
  try {
    await enqueueMail(
      queue,
      'two-factor-code',
      { to, name: 'Ada', code, expiresAt: inMinutes(10) },
      randomSuffix(),
    );
  } finally {
    await queue.close();
  }
  return to;
}

describe('the worker through a Postgres restart', () => {
  it('stays up, keeps sending mail, and saves the activity it could not save once Postgres is back', async () => {
    const { user } = await createTestUser(handle.db);
    const store = createPresenceStore({ redis: producer, redisPrefix, socketTtlMs: 2_000 });
    const lastActivity = async () =>
      (
        await handle.db
          .selectFrom('users')
          .select('lastActivity')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).lastActivity?.getTime();

    // A last activity waiting in Redis: the next sweep writes it, and keeps its connection idle.
    const before = new Date(Date.now() - 60_000);
    await store.restoreDirty([{ userId: user.id, at: before }]);
    await waitFor(lastActivity, (at) => at === before.getTime(), 10_000);
    expect(await cluster.clientConnections(TEST_CONNECTION)).toBeGreaterThan(0);

    await cluster.stop();
    const during = new Date(Date.now() - 30_000);
    await store.restoreDirty([{ userId: user.id, at: during }]);
    const to = await sendMail('404001');
    expect((await smtp.waitFor(to)).body).toContain('404001');
    // A reset link checks the account in Postgres before it is sent: it waits for Postgres (retried).
    const resetQueue = createMailQueue(producer, redisPrefix, quiet);
    const resetToken = `outage-reset-${randomSuffix()}${randomSuffix()}${randomSuffix()}`;
    await enqueueMail(
      resetQueue,
      'password-reset',
      { to: user.email, name: 'Ada', userId: user.id, token: resetToken, expiresAt: inMinutes(60) },
      randomSuffix(),
    );
    await resetQueue.close();
    await sleep(1_500); // sweeps that cannot reach Postgres
    expect(isAlive()).toBe(true);

    await cluster.start();
    await waitFor(lastActivity, (at) => at === during.getTime(), 15_000);
    const after = await sendMail('404002');
    expect((await smtp.waitFor(after)).body).toContain('404002');
    expect((await smtp.waitFor(user.email, (mail) => mail.body.includes(resetToken), 30_000)).body).toContain(
      resetToken,
    );

    const output = worker.output();
    expect(isAlive()).toBe(true);
    expect(output).not.toMatch(/uncaught|unhandled/i);
    expect(output).not.toMatch(/"level":(50|60)/);
    expect(output.match(/Postgres is unreachable/g)).toHaveLength(1);
    expect(output).toMatch(/Postgres answers again/);
  });
});
