import { randomSuffix } from '@praxis/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailQueue, enqueueMail, MailQueueUnavailableError } from './mail-queue';
import { createRedis, queuePrefix, waitForRedis } from './redis';
import { testRedisPrefix, testRedisUrl } from './testing';

const prefix = `${testRedisPrefix()}-jobs${randomSuffix()}`;
const redis = createRedis(testRedisUrl, 'producer');
const quiet = { error() {}, warn() {}, info() {} };
const queue = createMailQueue(redis, prefix, quiet);
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
});

const payload = { to: 'ada@example.test', name: 'Ada', code: '123456', expiresAt: new Date().toISOString() };

describe('enqueueMail', () => {
  it('queues a validated payload under a hash-tagged prefix with retries and a deterministic id', async () => {
    await waitForRedis(redis, 2000);
    await enqueueMail(queue, 'two-factor-code', payload, 'challenge-1');
    await enqueueMail(queue, 'two-factor-code', payload, 'challenge-1');
    const jobs = await queue.getJobs(['waiting', 'delayed']);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.id).toBe('two-factor-code-challenge-1');
    expect(jobs[0]?.opts.attempts).toBeGreaterThan(1);
    expect(queuePrefix(prefix)).toBe(`{${prefix}}`);
    expect(await redis.keys(`{${prefix}}:mail:*`)).not.toHaveLength(0);
  });

  it('refuses a payload that does not match its schema', async () => {
    await expect(
      enqueueMail(queue, 'two-factor-code', { ...payload, code: 'abc' }, 'challenge-2'),
    ).rejects.toThrow();
  });

  it('says so when Redis is unreachable instead of pretending the mail is queued', async () => {
    const offline = createRedis('redis://127.0.0.1:1', 'producer');
    offline.on('error', () => {});
    const offlineQueue = createMailQueue(offline, prefix, quiet);
    try {
      await expect(
        enqueueMail(offlineQueue, 'two-factor-code', payload, 'challenge-3'),
      ).rejects.toBeInstanceOf(MailQueueUnavailableError);
    } finally {
      offline.disconnect();
      await offlineQueue.close().catch(() => {});
    }
  });
});
