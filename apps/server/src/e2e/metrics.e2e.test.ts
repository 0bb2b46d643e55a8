import { createTestUser, freePort, TEST_PASSWORD } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPresence, type E2E, startE2E } from '../testing';

// Both processes as operators run them: the server's METRICS_PORT and the worker's
// WORKER_METRICS_PORT, each bound to localhost and asking for the same token.
const METRICS_TOKEN = 'e2e-metrics-token-0123456789abcdef';
let e2e: E2E;
let serverMetrics: string;
let workerMetrics: string;
beforeAll(async () => {
  const [serverPort, workerPort] = [await freePort(), await freePort()];
  e2e = await startE2E({
    METRICS_TOKEN,
    METRICS_PORT: String(serverPort),
    WORKER_METRICS_PORT: String(workerPort),
  });
  serverMetrics = `http://127.0.0.1:${serverPort}/metrics`;
  workerMetrics = `http://127.0.0.1:${workerPort}/metrics`;
});
afterAll(() => e2e?.close());

async function scrape(url: string): Promise<string> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((row) => {
    const match = /^([a-z_]+)(?:\{(.*)\})? /.exec(row);
    return match?.[1] === name && wanted.every((pair) => (match[2] ?? '').split(',').includes(pair));
  });
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics of the running system', () => {
  it('the server reports its pool, the mail queue, sockets and users online', async () => {
    expect((await fetch(serverMetrics)).status).toBe(401);
    const { user } = await createTestUser(e2e.db);
    const { token } = await e2e
      .client()
      .auth.login.mutate({ email: user.email, password: TEST_PASSWORD })
      .then((r) => {
        if (r.status !== 'authenticated') throw new Error('expected a session');
        return r;
      });
    const before = await scrape(serverMetrics);
    expect(sampleOf(before, 'praxis_pg_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(before, 'praxis_pg_pool_waiting_requests')).toBe(0);
    expect(sampleOf(before, 'praxis_queue_jobs', { queue: 'mail', state: 'failed' })).toBe(0);
    expect(sampleOf(before, 'praxis_presence_sockets')).toBe(0);

    const socket = await connectPresence(e2e.server.port, { token });
    try {
      const during = await scrape(serverMetrics);
      expect(sampleOf(during, 'praxis_presence_sockets')).toBe(1);
      expect(sampleOf(during, 'praxis_presence_users_online')).toBeGreaterThanOrEqual(1);
      expect(during).not.toContain(user.email);
      expect(during).not.toContain(user.id);
    } finally {
      socket.close();
    }
  });

  it('the worker times each mail job by kind and carries no address', async () => {
    expect((await fetch(workerMetrics)).status).toBe(401);
    const { user } = await createTestUser(e2e.db, { email2faEnabled: true });
    const sent = (text: string) =>
      sampleOf(text, 'praxis_job_duration_seconds_count', { job: 'two-factor-code', outcome: 'completed' }) ??
      0;
    const before = sent(await scrape(workerMetrics));
    await e2e.client().auth.login.mutate({ email: user.email, password: TEST_PASSWORD });
    await e2e.smtp.waitFor(user.email);
    let after = await scrape(workerMetrics);
    // 'completed' is emitted just after the mail leaves: allow the worker that moment.
    for (let tries = 0; sent(after) === before && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await scrape(workerMetrics);
    }
    expect(sent(after)).toBe(before + 1);
    expect(sampleOf(after, 'praxis_queue_jobs', { queue: 'mail', state: 'active' })).toBeGreaterThanOrEqual(
      0,
    );
    expect(sampleOf(after, 'praxis_pg_pool_connections')).toBeGreaterThanOrEqual(0);
    expect(sampleOf(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(after).not.toContain(user.email);
  });
});
