import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createSessionManager } from '@praxis/auth';
import { createTestUser, freePort, randomSuffix, workerDatabase } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import type { AppProcess } from '@praxis/worker/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServerAppProcess } from '../testing/app-process';

// The server as production runs it on a machine of several cores: SERVER_PROCESSES processes on
// one port, under a primary that replaces a dead one and stops them all on SIGTERM.
const METRICS_TOKEN = 'e2e-processes-token-0123456789abcdef';
let server: AppProcess;
let base: string;
let metricsUrl: string;
let token: string;
let handOverDir = '';

/** The server processes under the primary (Linux: the kernel lists a process's children). */
function serverProcesses(): number[] {
  const pid = server.child.pid as number;
  const listed = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return listed ? listed.split(/\s+/).map(Number) : [];
}

/** auth.me on a connection of its own (fetch would reuse one), so requests spread over the processes. */
function me(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(
      `${base}/trpc/auth.me`,
      { agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
  });
}

function countOf(text: string, route: string): number {
  const line = text
    .split('\n')
    .find(
      (row) =>
        row.startsWith('praxis_request_duration_seconds_count{') &&
        row.includes(`route="${route}"`) &&
        row.includes('status_class="2xx"'),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

beforeAll(async () => {
  const { url, handle } = await workerDatabase();
  const [port, metricsPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  server = await startServerAppProcess(
    {
      NODE_ENV: 'test',
      SERVER_PROCESSES: '2',
      DATABASE_URL: url,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: `${testRedisPrefix()}-processes${randomSuffix()}`,
      APP_URL: 'http://app.test',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      METRICS_TOKEN,
      METRICS_PORT: String(metricsPort),
    },
    { readyPattern: /server processes started/, timeoutMs: 60_000 },
  );
  const { user } = await createTestUser(handle.db);
  const sessions = createSessionManager({ db: handle.db, ttlHours: 12, secureCookies: false });
  ({ token } = await sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' }));
}, 90_000);

afterAll(() => server?.stop('SIGKILL'));

describe('a server of two processes', () => {
  it('runs two processes on one port, and a scrape on either port counts the requests of both', async () => {
    expect(serverProcesses()).toHaveLength(2);
    const statuses = await Promise.all(Array.from({ length: 30 }, me));
    expect(statuses.every((status) => status === 200)).toBe(true);

    const scrape = (url: string) =>
      fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((res) => res.text());
    // Each process counts what it served; the primary adds them up, for METRICS_PORT and for a
    // scrape of the API port, whichever process takes it.
    expect(countOf(await scrape(metricsUrl), 'auth.me')).toBe(30);
    expect(countOf(await scrape(`${base}/metrics`), 'auth.me')).toBe(30);
  });

  it('builds the search index in one process, which hands it to the other', async () => {
    await vi.waitFor(
      () => {
        expect(server.output()).toMatch(/user search: index built/);
        expect(server.output()).toMatch(/user search: index taken from another server process/);
      },
      { timeout: 30_000 },
    );
    expect(server.output().match(/user search: index built/g)).toHaveLength(1);
    // Each process's part came from the primary; the folder is the primary's, removed when it stops.
    const parts = serverProcesses().map((pid) => {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const given = environ.find((entry) => entry.startsWith('PRAXIS_SEARCH_INDEX_HANDOVER='));
      return JSON.parse(given?.slice(given.indexOf('=') + 1) ?? 'null') as { dir: string };
    });
    expect(new Set(parts.map((part) => part.dir)).size).toBe(1);
    handOverDir = parts[0]?.dir ?? '';
    expect(existsSync(handOverDir)).toBe(true);
  });

  it('replaces a process that dies, and keeps answering meanwhile', async () => {
    const [victim, survivor] = serverProcesses();
    process.kill(victim as number, 'SIGKILL');
    // Once the primary has seen it die, every connection goes to the process left.
    await vi.waitFor(() => expect(serverProcesses()).not.toContain(victim), { timeout: 20_000 });
    const statuses = await Promise.all(Array.from({ length: 10 }, me));
    expect(statuses.every((status) => status === 200)).toBe(true);

    await vi.waitFor(() => expect(serverProcesses()).toHaveLength(2), { timeout: 20_000 });
    const now = serverProcesses();
    expect(now).toContain(survivor);
    expect(now).not.toContain(victim);
    expect(server.output()).toMatch(/a server process died: starting another/);
    expect(await me()).toBe(200);
    // The process started in its place builds its own index.
    await vi.waitFor(() => expect(server.output().match(/user search: index built/g)).toHaveLength(2), {
      timeout: 30_000,
    });
  });

  it('stops every process on SIGTERM and exits cleanly', async () => {
    const pids = serverProcesses();
    expect(await server.stop('SIGTERM')).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(handOverDir)).toBe(false);
  });
});
