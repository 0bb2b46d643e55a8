import { Worker } from 'bullmq';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMailQueue } from './mail-queue';
import { createRedis, isRedisUnavailable, RedisUnavailableError, waitForRedis } from './redis';
import { watchRedisHealth } from './redis-health';
import { startOwnRedisServer } from './testing';

const ownRedis = await startOwnRedisServer();

function captureLogs() {
  const lines: Array<{ level: 'error' | 'warn' | 'info'; client: string; message: string }> = [];
  const logger = {
    error: (fields: object, message: string) =>
      lines.push({ level: 'error', ...(fields as { client: string }), message }),
    warn: (fields: object, message: string) =>
      lines.push({ level: 'warn', ...(fields as { client: string }), message }),
    info: (fields: object, message: string) =>
      lines.push({ level: 'info', ...(fields as { client: string }), message }),
  };
  const count = (client: string, message: string) =>
    lines.filter((line) => line.client === client && line.message === message).length;
  return { logger, lines, count };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('Redis outages', () => {
  it('are logged once when a client goes down and once when it is back, not once per retry', async () => {
    const logs = captureLogs();
    const producer = createRedis(ownRedis.url, 'producer');
    const connection = createRedis(ownRedis.url, 'worker');
    watchRedisHealth(producer, logs.logger, 'producer');
    const queue = createMailQueue(producer, 'health-test', logs.logger);
    const worker = new Worker('health-test', async () => undefined, { connection, prefix: '{health-test}' });
    watchRedisHealth(worker, logs.logger, 'worker');
    onTestFinished(async () => {
      await worker.close(true).catch(() => undefined);
      await queue.close().catch(() => undefined);
      producer.disconnect();
      connection.disconnect();
    });
    await Promise.all([waitForRedis(producer, 5_000), worker.waitUntilReady(), queue.waitUntilReady()]);

    await ownRedis.stop();
    // Long enough for several reconnection attempts of every client.
    await sleep(2_500);
    const error = await producer.get('anything').catch((caught: unknown) => caught);
    expect(isRedisUnavailable(error)).toBe(true);
    await ownRedis.start();
    await until(() =>
      ['producer', 'mail-queue', 'worker'].every((c) => logs.count(c, 'Redis reachable again') === 1),
    );
    await sleep(500);

    for (const client of ['producer', 'mail-queue', 'worker']) {
      expect(logs.count(client, 'Redis unreachable'), client).toBe(1);
      expect(logs.count(client, 'Redis reachable again'), client).toBe(1);
    }
    expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(await producer.set('back', '1')).toBe('OK');
  });

  it('are told apart from other errors', () => {
    expect(isRedisUnavailable(new RedisUnavailableError(new Error('x')))).toBe(true);
    expect(
      isRedisUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isRedisUnavailable(new Error('ERR wrong number of arguments'))).toBe(false);
    expect(isRedisUnavailable('Connection is closed')).toBe(false);
  });
});
