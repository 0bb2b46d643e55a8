import { createMailQueue, createRedis, enqueueMail } from '@praxis/jobs';
import {
  randomSuffix,
  startAppProcess,
  startSmtpCapture,
  testRedisPrefix,
  testRedisUrl,
  uniqueEmail,
} from '@praxis/vitest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { inMinutes } from './test-support';

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

    const worker = await startAppProcess('worker', {
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: redisPrefix,
      SMTP_URL: capture.url,
      APP_URL: 'https://praxis.example.test',
      // Above info: the ready and stopped lines must show all the same.
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
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

  it('fails to start with the name of a bad variable', async () => {
    await expect(
      startAppProcess('worker', { REDIS_URL: 'not a url' }, { timeoutMs: 15_000 }),
    ).rejects.toThrow(/exited \(code 1\) before it was ready[\s\S]*REDIS_URL/);
  });
});
