// Started by export.bench.ts in a process of its own: the real app (createApp) plus a memory
// sampler (process.memoryUsage every 20 ms) whose peaks GET /bench/memory answers (and resets
// with ?reset=1). Prints {"port": N} once listening.
import type { AddressInfo } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import { serve } from '@hono/node-server';
import { createApiDeps } from '@praxis/api';
import { loadConfig } from '@praxis/config';
import { createDb } from '@praxis/db';
import { createRedis } from '@praxis/jobs';
import pino from 'pino';
import { createApp } from '../src/app';

const config = loadConfig();
const database = await createDb({ databaseUrl: config.databaseUrl, poolSize: 10 });
const redis = createRedis(config.redisUrl, 'producer');
const deps = createApiDeps({ config, db: database.db, redis, logger: pino({ level: config.logLevel }) });
const app = createApp(deps, { webDist: null });

const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const now = process.memoryUsage();
  for (const key of Object.keys(peak) as (keyof typeof peak)[]) peak[key] = Math.max(peak[key], now[key]);
};
setInterval(sample, 20).unref();
app.get('/bench/memory', (c) => {
  sample();
  const answer = {
    peak: { ...peak },
    now: process.memoryUsage(),
    heapLimit: getHeapStatistics().heap_size_limit,
  };
  if (c.req.query('reset')) for (const key of Object.keys(peak) as (keyof typeof peak)[]) peak[key] = 0;
  return c.json(answer);
});
// Collects garbage (the process runs with --expose-gc) so every run starts from the same floor.
app.post('/bench/gc', (c) => {
  (globalThis as { gc?: () => void }).gc?.();
  return c.json({ ok: true });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void deps.mailQueue.close().finally(() => {
    redis.disconnect();
    void database.close().finally(() => process.exit(0));
  });
});
