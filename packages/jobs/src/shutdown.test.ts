import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createRedis, waitForRedis } from './redis';
import { onShutdownSignal, quitRedis, settlesWithin } from './shutdown';
import { startOwnRedisServer } from './testing';

const ownRedis = await startOwnRedisServer();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = new Promise<never>(() => {});

describe('settlesWithin', () => {
  it('is true when the work resolves or rejects in time', async () => {
    expect(await settlesWithin(sleep(10), 1_000)).toBe(true);
    expect(
      await settlesWithin(
        sleep(10).then(() => Promise.reject(new Error('closing failed'))),
        1_000,
      ),
    ).toBe(true);
  });

  it('is false at the deadline when the work has not settled', async () => {
    const started = Date.now();
    expect(await settlesWithin(never, 200)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('quitRedis', () => {
  it('quits a client whose Redis answers', async () => {
    const client = createRedis(ownRedis.url, 'worker');
    await waitForRedis(client, 5_000);
    const ended = new Promise((resolve) => client.once('end', resolve));
    await quitRedis(client);
    await ended;
  });

  it('disconnects a client whose Redis is gone, within its deadline', async () => {
    const client = createRedis(ownRedis.url, 'worker', { retryStrategy: () => 100 });
    client.on('error', () => {});
    await waitForRedis(client, 5_000);
    await ownRedis.stop();
    try {
      // Queued while Redis is down (a worker's client waits forever): QUIT queues behind it.
      client.get('pending').catch(() => {});
      const started = Date.now();
      await quitRedis(client, 300);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await ownRedis.start();
    }
    // Disconnected for good: Redis is back, and the client does not reconnect.
    let reconnected = false;
    client.once('connect', () => {
      reconnected = true;
    });
    await sleep(500);
    expect(reconnected).toBe(false);
    expect(client.status).not.toBe('ready');
  });
});

/** A process stand-in: signals are emitted by the test, exits are recorded. */
function fakeProcess() {
  const signals = new EventEmitter();
  const logs: string[] = [];
  const logger = {
    info: (_fields: object, message: string) => logs.push(message),
    error: (_fields: object, message: string) => logs.push(message),
  };
  let exited: (code: number) => void = () => {};
  const exitCode = new Promise<number>((resolve) => {
    exited = resolve;
  });
  return { signals, logs, logger, exit: (code: number) => exited(code), exitCode };
}

describe('onShutdownSignal', () => {
  it('runs shutdown once however many signals arrive, and exits 0', async () => {
    const proc = fakeProcess();
    let runs = 0;
    const remove = onShutdownSignal({
      ...proc,
      deadlineMs: 5_000,
      shutdown: async () => {
        runs += 1;
        await sleep(50);
        return 0;
      },
    });
    proc.signals.emit('SIGTERM', 'SIGTERM');
    proc.signals.emit('SIGINT', 'SIGINT');
    expect(await proc.exitCode).toBe(0);
    expect(runs).toBe(1);
    expect(proc.logs).toEqual(['shutting down', 'already shutting down']);
    remove();
    expect(proc.signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('exits with the code shutdown resolves to', async () => {
    const proc = fakeProcess();
    onShutdownSignal({ ...proc, deadlineMs: 5_000, shutdown: async () => 1 });
    proc.signals.emit('SIGINT', 'SIGINT');
    expect(await proc.exitCode).toBe(1);
  });

  it('exits 1 when shutdown fails', async () => {
    const proc = fakeProcess();
    onShutdownSignal({
      ...proc,
      deadlineMs: 5_000,
      shutdown: async () => {
        throw new Error('pool would not close');
      },
    });
    proc.signals.emit('SIGTERM', 'SIGTERM');
    expect(await proc.exitCode).toBe(1);
    expect(proc.logs).toContain('shutdown failed');
  });

  it('exits 1 at the deadline when shutdown hangs', async () => {
    const proc = fakeProcess();
    onShutdownSignal({ ...proc, deadlineMs: 200, shutdown: () => never });
    const started = Date.now();
    proc.signals.emit('SIGTERM', 'SIGTERM');
    expect(await proc.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(proc.logs).toContain('shutdown deadline passed: exiting');
  });
});
