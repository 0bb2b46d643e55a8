import { freePort, randomSuffix } from '@praxis/db/testing';
import { createRedis, queuePrefix, waitForRedis } from '@praxis/jobs';
import { testRedisUrl } from '@praxis/jobs/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMetrics, listenForScrapes, watchJobs, watchQueues, watchRedis } from './index';

/** The value of the series `name` whose labels include `labels`, in a Prometheus text exposition. */
function sampleOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((row) => {
    const match = /^([a-z_]+)\{(.*)\} /.exec(row);
    return match?.[1] === name && wanted.every((pair) => match[2]?.split(',').includes(pair));
  });
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics of the dependencies', () => {
  it('counts failed Redis commands, not the NOSCRIPT ioredis recovers from, and connection errors', async () => {
    const metrics = createMetrics('server');
    const redis = createRedis(testRedisUrl, 'producer');
    onTestFinished(() => void redis.disconnect());
    await waitForRedis(redis, 5_000);
    watchRedis(metrics, redis, 'api');
    // A script Redis has never seen: ioredis sends EVALSHA, hears NOSCRIPT, and sends the script.
    const suffix = randomSuffix();
    redis.defineCommand('praxisEcho', { numberOfKeys: 0, lua: `return ARGV[1] .. '${suffix}'` });
    const echo = (redis as unknown as { praxisEcho(value: string): Promise<string> }).praxisEcho;
    await expect(echo.call(redis, 'a')).resolves.toBe(`a${suffix}`);
    await redis.set(`metrics-test-${suffix}`, 'x', 'EX', 5);
    await expect(redis.call('NO_SUCH_COMMAND')).rejects.toThrow();
    expect(
      sampleOf(await metrics.render(), 'praxis_redis_errors_total', { client: 'api', kind: 'command' }),
    ).toBe(1);

    const down = new Redis({
      port: await freePort(),
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    watchRedis(metrics, down, 'dead');
    await down.connect().catch(() => undefined);
    down.disconnect();
    const connectionErrors = { client: 'dead', kind: 'connection' };
    expect(
      sampleOf(await metrics.render(), 'praxis_redis_errors_total', connectionErrors),
    ).toBeGreaterThanOrEqual(1);
  });

  it('reports each queue by state and times each job by name and outcome', async () => {
    const metrics = createMetrics('worker');
    const connection = createRedis(testRedisUrl, 'worker');
    const name = `metrics-test-${randomSuffix()}`;
    const prefix = queuePrefix(`metrics-${randomSuffix()}`);
    const queue = new Queue(name, { connection, prefix });
    onTestFinished(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    });
    watchQueues(metrics, [queue]);
    await queue.add('later', {}, { delay: 60_000 });
    await queue.add('now', { fail: false });
    await queue.add('now', { fail: true }, { attempts: 1 });
    let text = await metrics.render();
    expect(sampleOf(text, 'praxis_queue_jobs', { queue: name, state: 'waiting' })).toBe(2);
    expect(sampleOf(text, 'praxis_queue_jobs', { queue: name, state: 'delayed' })).toBe(1);

    const worker = new Worker(
      name,
      async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (job.data.fail) throw new Error('meant to fail');
      },
      { connection, prefix },
    );
    onTestFinished(() => worker.close());
    watchJobs(metrics, worker);
    const settled = new Promise<void>((resolve) => {
      let seen = 0;
      const done = () => ++seen === 2 && resolve();
      worker.on('completed', done);
      worker.on('failed', done);
    });
    await settled;
    text = await metrics.render();
    const job = (outcome: string) => ({ queue: name, job: 'now', outcome, service: 'praxis-worker' });
    expect(sampleOf(text, 'praxis_job_duration_seconds_count', job('completed'))).toBe(1);
    expect(sampleOf(text, 'praxis_job_duration_seconds_count', job('failed'))).toBe(1);
    expect(sampleOf(text, 'praxis_job_duration_seconds_sum', job('completed'))).toBeGreaterThanOrEqual(0.015);
    expect(sampleOf(text, 'praxis_queue_jobs', { queue: name, state: 'failed' })).toBe(1);
  });

  it('carries the event loop lag and the heap', async () => {
    const text = await createMetrics('server').render();
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="praxis-server"\} /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="praxis-server"\} \d+/m);
  });
});

describe('the metrics listener', () => {
  it('answers GET /metrics on its own port, asks for the token when one is set, and nothing else', async () => {
    const metrics = createMetrics('worker');
    const token = `token-${randomSuffix()}-${randomSuffix()}`;
    const listener = await listenForScrapes(metrics, { port: 0, host: '127.0.0.1', token });
    onTestFinished(() => listener.close());
    const url = `http://127.0.0.1:${listener.port}`;

    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const scraped = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await scraped.text()).toContain('# TYPE praxis_job_duration_seconds histogram');
    expect((await fetch(`${url}/`)).status).toBe(404);
  });
});
