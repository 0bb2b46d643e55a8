import { randomSuffix, uniqueEmail, workerDatabase } from '@praxis/db/testing';
import {
  AUDIT_RETENTION_QUEUE,
  AUDIT_RETENTION_SCHEDULER_ID,
  createMailQueue,
  createRedis,
  enqueueMail,
  queuePrefix,
} from '@praxis/jobs';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { startSmtpCapture } from '@praxis/mail/testing';
import { Queue } from 'bullmq';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { inMinutes, startWorkerProcess } from './testing';

describe('worker process (pnpm start)', () => {
  it('logs ready, sends queued mail, and exits 0 on SIGTERM', async () => {
    const capture = await startSmtpCapture();
    const redisPrefix = `${testRedisPrefix()}-${randomSuffix()}`;
    const producer = createRedis(testRedisUrl, 'producer');
    const queue = createMailQueue(producer, redisPrefix, { error() {}, warn() {}, info() {} });
    onTestFinished(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      await producer.quit();
      await capture.close();
    });

    const worker = await startWorkerProcess({
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: redisPrefix,
      SMTP_URL: capture.url,
      APP_URL: 'https://praxis.example.test',
      // Above info: the ready and stopped lines must show all the same.
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      SECRETS_KEY: 'a-test-secrets-key-of-more-than-32-characters',
    });
    onTestFinished(() => worker.kill());

    const to = uniqueEmail('process');
    await enqueueMail(
      queue,
      'two-factor-code',
      { to, name: 'Ada', code: '908172', expiresAt: inMinutes(10) },
      randomSuffix(),
    );
    expect((await capture.waitFor(to)).body).toContain('908172');

    expect(await worker.stop('SIGTERM')).toBe(0);
    const output = worker.output();
    expect(output).toMatch(/"msg":"worker ready"/);
    expect(output).toMatch(/"msg":"worker stopped"/);
    expect(output).not.toContain('908172');
  });

  it('with DATABASE_URL, prunes the audit log at start and registers its daily schedule once for two workers', async () => {
    const { url: databaseUrl, handle } = await workerDatabase();
    const action = `test.retention_${randomSuffix()}`;
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    await handle.db
      .insertInto('auditEvents')
      .values([
        { actorId: null, action, metadata: { age: 'old' }, createdAt: ago(11) },
        { actorId: null, action, metadata: { age: 'recent' }, createdAt: ago(9) },
      ])
      .execute();
    const redisPrefix = `${testRedisPrefix()}-${randomSuffix()}`;
    const connection = createRedis(testRedisUrl, 'producer');
    const retentionQueue = new Queue(AUDIT_RETENTION_QUEUE, { connection, prefix: queuePrefix(redisPrefix) });
    onTestFinished(async () => {
      await retentionQueue.obliterate({ force: true });
      await retentionQueue.close();
      await connection.quit();
    });
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: redisPrefix,
      AUDIT_RETENTION_DAYS: '10',
      LOG_LEVEL: 'info',
    };

    const workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    onTestFinished(() => {
      for (const worker of workers) worker.kill();
    });

    await vi.waitFor(
      () =>
        expect(workers.map((w) => w.output()).join('')).toMatch(
          /audit retention: removed \d+ events older than 10 days/,
        ),
      { timeout: 10_000 },
    );
    const left = await handle.db
      .selectFrom('auditEvents')
      .select('metadata')
      .where('action', '=', action)
      .execute();
    expect(left.map((row) => row.metadata)).toEqual([{ age: 'recent' }]);
    expect(await retentionQueue.getJobSchedulers()).toEqual([
      expect.objectContaining({ key: AUDIT_RETENTION_SCHEDULER_ID, every: 86_400_000 }),
    ]);
    for (const worker of workers) expect(await worker.stop('SIGTERM')).toBe(0);
  });

  it('fails to start in production without SECRETS_KEY, saying how to make one', async () => {
    await expect(
      startWorkerProcess({ NODE_ENV: 'production', SECRETS_KEY: '' }, { timeoutMs: 15_000 }),
    ).rejects.toThrow(
      /exited \(code 1\) before it was ready[\s\S]*SECRETS_KEY: required when NODE_ENV=production[\s\S]*openssl rand -base64 32/,
    );
  });

  it('fails to start with the name of a bad variable', async () => {
    await expect(startWorkerProcess({ REDIS_URL: 'not a url' }, { timeoutMs: 15_000 })).rejects.toThrow(
      /exited \(code 1\) before it was ready[\s\S]*REDIS_URL/,
    );
  });
});
