// pnpm bench:presence — N sockets (1,000 and 10,000, one user each) against one server instance and
// against two, with one admin viewer: connect rate, server memory per socket (RSS), and the
// propagation latency of 1,000 online and 1,000 offline transitions to the viewer, and the V8 heap
// each open socket holds (heapUsed growth after a forced GC, server side only). The sockets are
// opened by two client processes; the viewer and the probes run here. Needs Postgres and Redis
// (README). BENCH_SOCKETS=1000,10000, BENCH_INSTANCES=1,2 and BENCH_PROBES=1000 change the sizes;
// BENCH_HEAP_SNAPSHOT=<path prefix> writes heap snapshots of the first server before and with them.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateToken, sha256Hex } from '@praxis/auth';
import { createDb, migrateToLatest } from '@praxis/db';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { io, type Socket } from 'socket.io-client';
import { fmt, percentile } from './load';

// Production refuses to start without one; one per run, shared by its server instances.
const BENCH_SECRETS_KEY = generateToken();

const APP_URL = 'http://bench.test';
const CLIENT_PROCESSES = 2;
const IN_FLIGHT_PER_PROCESS = 100;
const PROBE_CONCURRENCY = 10;
const STAGE_TIMEOUT_MS = 240_000;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type ClientCommand = { type: 'open'; tokens: string[]; ports: number[] } | { type: 'close' };
type ClientReport = { type: 'opened'; ok: number; failed: number; firstError?: string };

async function main() {
  const sizes = (process.env.BENCH_SOCKETS ?? '1000,10000').split(',').map(Number);
  const probes = Number(process.env.BENCH_PROBES ?? 1_000);
  const databaseUrl = await freshDatabase('praxis_bench_presence');
  const { admin, users, probeUsers } = await seedUsers(databaseUrl, Math.max(...sizes), probes);

  const results: Array<{ instances: number; sockets: number } & Awaited<ReturnType<typeof scenario>>> = [];
  for (const instances of (process.env.BENCH_INSTANCES ?? '1,2').split(',').map(Number)) {
    for (const sockets of sizes) {
      out(`\n▶ ${instances} instance(s), ${sockets} sockets, ${probes} probe transitions`);
      const figures = await scenario({
        databaseUrl,
        instances,
        tokens: users.slice(0, sockets),
        admin,
        probeUsers,
      });
      results.push({ instances, sockets, ...figures });
    }
  }

  out(`\nmachine: ${cpus().length} cores, Node ${process.versions.node}; everything on loopback\n`);
  out(
    `${'instances'.padEnd(10)}${'sockets'.padStart(8)}${'connect/s'.padStart(11)}${'KiB/socket'.padStart(12)}${'heap KiB'.padStart(10)}` +
      `${'online p50'.padStart(12)}${'p99 ms'.padStart(8)}${'offline p50'.padStart(13)}${'p99 ms'.padStart(8)}${'failed'.padStart(8)}\n`,
  );
  for (const r of results) {
    out(
      `${String(r.instances).padEnd(10)}${String(r.sockets).padStart(8)}${fmt(r.connectRate, 0).padStart(11)}` +
        `${fmt(r.kibPerSocket).padStart(12)}${fmt(r.heapKibPerSocket, 2).padStart(10)}${fmt(percentile(r.online, 50)).padStart(12)}${fmt(percentile(r.online, 99)).padStart(8)}` +
        `${fmt(percentile(r.offline, 50)).padStart(13)}${fmt(percentile(r.offline, 99)).padStart(8)}${String(r.failed).padStart(8)}\n`,
    );
  }
  process.exit(0);
}

async function scenario(input: {
  databaseUrl: string;
  instances: number;
  tokens: Array<{ id: string; token: string }>;
  admin: { id: string; token: string };
  probeUsers: Array<{ id: string; token: string }>;
}) {
  const redisPrefix = `bench-presence-${Date.now()}`;
  const servers = await Promise.all(
    Array.from({ length: input.instances }, () => startServer(input.databaseUrl, redisPrefix)),
  );
  const clients: ChildProcess[] = [];
  try {
    const ports = servers.map((server) => server.port);
    const viewer = await createViewer(ports[0]!, input.admin.token);
    await sleep(1_000);
    const rssBefore = servers.reduce((sum, server) => sum + rssKib(server.child), 0);
    const heapBefore = await heapUsed(servers);
    await heapSnapshot(servers[0]!.child, `${input.instances}x${input.tokens.length}-before`);

    // Client processes boot first (tsx, socket.io-client), so the clock measures connecting only.
    const children = Array.from({ length: CLIENT_PROCESSES }, () => {
      const child = fork(fileURLToPath(import.meta.url), ['clients'], { execArgv: ['--import', 'tsx'] });
      clients.push(child);
      return child;
    });
    await Promise.all(children.map((child) => nextMessage(child)));
    const started = performance.now();
    const reports = await Promise.all(
      children.map((child, k) => {
        const tokens = input.tokens.filter((_, i) => i % CLIENT_PROCESSES === k).map((user) => user.token);
        return request<ClientReport>(child, { type: 'open', tokens, ports });
      }),
    );
    const seconds = (performance.now() - started) / 1_000;
    const ok = reports.reduce((sum, report) => sum + report.ok, 0);
    const failed = reports.reduce((sum, report) => sum + report.failed, 0);
    if (failed)
      out(
        `  ${failed} sockets failed to connect (first: ${reports.find((r) => r.firstError)?.firstError})\n`,
      );
    out(`  ${ok} sockets in ${fmt(seconds, 2)} s`);
    // Let the viewer hear every transition and one heartbeat pass before weighing the servers.
    await viewer.waitForUpdates(ok, STAGE_TIMEOUT_MS);
    await sleep(2_000);
    const rssAfter = servers.reduce((sum, server) => sum + rssKib(server.child), 0);
    const heapAfter = await heapUsed(servers);
    await heapSnapshot(servers[0]!.child, `${input.instances}x${input.tokens.length}-open`);
    out(
      `; RSS ${fmt(rssBefore / 1024)} → ${fmt(rssAfter / 1024)} MiB; heap ${fmt(heapBefore / 2 ** 20)} → ${fmt(heapAfter / 2 ** 20)} MiB`,
    );

    // Probes connect to the last instance, the viewer listens on the first: with two instances
    // every transition crosses Redis.
    const probePort = ports[ports.length - 1]!;
    const online: number[] = [];
    const offline: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: PROBE_CONCURRENCY }, async () => {
        while (next < input.probeUsers.length) {
          const probe = input.probeUsers[next++]!;
          const heardOnline = viewer.next(probe.id, true);
          const socket = await connect(probePort, probe.token);
          const connectedAt = performance.now();
          online.push((await heardOnline) - connectedAt);
          const heardOffline = viewer.next(probe.id, false);
          const closedAt = performance.now();
          socket.disconnect();
          offline.push((await heardOffline) - closedAt);
        }
      }),
    );
    out(`; probes done\n`);
    viewer.socket.disconnect();
    return {
      connectRate: ok / seconds,
      kibPerSocket: (rssAfter - rssBefore) / Math.max(ok, 1),
      heapKibPerSocket: (heapAfter - heapBefore) / 1024 / Math.max(ok, 1),
      online,
      offline,
      failed,
    };
  } finally {
    await Promise.all(clients.map((child) => request(child, { type: 'close' }).catch(() => undefined)));
    for (const child of clients) child.kill();
    await Promise.all(servers.map((server) => stop(server.child)));
    await dropKeys(redisPrefix);
  }
}

/** The admin viewer: resolves waits on `presence:update` by user and direction, with the arrival time. */
async function createViewer(port: number, token: string) {
  const socket = await connect(port, token);
  const waiters = new Map<string, (at: number) => void>();
  let updates = 0;
  socket.on('presence:update', (update: { userId: string; online: boolean }) => {
    const at = performance.now();
    updates += 1;
    const key = `${update.userId}:${update.online}`;
    waiters.get(key)?.(at);
    waiters.delete(key);
  });
  return {
    socket,
    next(userId: string, online: boolean): Promise<number> {
      return withTimeout(
        new Promise<number>((resolve) => waiters.set(`${userId}:${online}`, resolve)),
        10_000,
        `no presence:update for ${userId} (${online ? 'online' : 'offline'})`,
      );
    },
    async waitForUpdates(count: number, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (updates < count && Date.now() < deadline) await sleep(100);
    },
  };
}

function connect(port: number, token: string): Promise<Socket> {
  const socket = io(`http://127.0.0.1:${port}/presence`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
    timeout: 60_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

/** A client process: opens its share of the sockets with bounded concurrency, holds them, closes them. */
function runClientProcess() {
  const sockets: Socket[] = [];
  process.on('message', async (command: ClientCommand) => {
    if (command.type === 'close') {
      for (const socket of sockets) socket.disconnect();
      process.send?.({ type: 'closed' });
      return;
    }
    let ok = 0;
    let failed = 0;
    let firstError: string | undefined;
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT_PER_PROCESS }, async () => {
        while (next < command.tokens.length) {
          const i = next++;
          try {
            sockets.push(await connect(command.ports[i % command.ports.length]!, command.tokens[i]!));
            ok += 1;
          } catch (error) {
            failed += 1;
            firstError ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
    process.send?.({ type: 'opened', ok, failed, firstError } satisfies ClientReport);
  });
  process.send?.({ type: 'ready' });
}

function request<T>(child: ChildProcess, command: ClientCommand): Promise<T> {
  const answer = nextMessage<T>(child);
  child.send(command);
  return answer;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T))),
    STAGE_TIMEOUT_MS,
    'a client process did not answer',
  );
}

async function startServer(databaseUrl: string, redisPrefix: string) {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/presence-server.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SECRETS_KEY: process.env.SECRETS_KEY ?? BENCH_SECRETS_KEY,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      APP_URL,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      let buffered = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const line = buffered.split('\n').find((text) => text.includes('"msg":"server listening"'));
        if (line) resolve(Number(JSON.parse(line).port));
        if (buffered.length > 100_000) buffered = buffered.slice(-10_000);
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
    }),
    60_000,
    'server did not start',
  );
  child.stdout?.resume();
  return { child, port };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await withTimeout(exited, 30_000, 'server did not stop').catch(() => child.kill('SIGKILL'));
}

/** With BENCH_HEAP_SNAPSHOT=<prefix>: a heap snapshot of the server, `<prefix>-<label>.heapsnapshot`. */
async function heapSnapshot(child: ChildProcess, label: string) {
  if (!process.env.BENCH_HEAP_SNAPSHOT) return;
  const written = nextMessage<{ path: string }>(child);
  child.send({ type: 'snapshot', path: `${process.env.BENCH_HEAP_SNAPSHOT}-${label}.heapsnapshot` });
  out(`; heap snapshot ${(await written).path}`);
}

/** The servers' V8 heap in use (bytes) after a forced full GC in each. */
async function heapUsed(servers: Array<{ child: ChildProcess }>): Promise<number> {
  const heaps = await Promise.all(
    servers.map(({ child }) => {
      const answer = withTimeout(
        new Promise<number>((resolve) => {
          const onMessage = (message: { type?: string; heapUsed?: number }) => {
            if (message.type !== 'heap') return;
            child.off('message', onMessage);
            resolve(message.heapUsed ?? 0);
          };
          child.on('message', onMessage);
        }),
        30_000,
        'a server did not report its heap',
      );
      child.send({ type: 'heap' });
      return answer;
    }),
  );
  return heaps.reduce((sum, heap) => sum + heap, 0);
}

function rssKib(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function freshDatabase(name: string): Promise<string> {
  const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = await createDb({ databaseUrl: serverUrl, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  return Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
}

/** One organisation, one admin and `sockets + probes` staff users, each with a session. */
async function seedUsers(databaseUrl: string, sockets: number, probes: number) {
  const handle = await createDb({ databaseUrl, poolSize: 2 });
  await migrateToLatest(handle.db);
  const org = await handle.db
    .insertInto('organizations')
    .values({ name: 'Bench clinic' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const expiresAt = new Date(Date.now() + 12 * 3_600_000);
  const withSessions = async (count: number, roles: Array<'admin' | 'staff'>, label: string) => {
    const out: Array<{ id: string; token: string }> = [];
    for (let start = 0; start < count; start += 1_000) {
      const size = Math.min(1_000, count - start);
      const rows = await handle.db
        .insertInto('users')
        .values(
          Array.from({ length: size }, (_, i) => ({
            email: `${label}-${start + i}@bench.test`,
            roles,
            organizationId: org.id,
            firstTimeLogin: false,
          })),
        )
        .returning('id')
        .execute();
      const batch = rows.map((row) => ({ id: row.id, token: generateToken() }));
      await handle.db
        .insertInto('sessions')
        .values(batch.map((user) => ({ id: sha256Hex(user.token), userId: user.id, expiresAt })))
        .execute();
      out.push(...batch);
    }
    return out;
  };
  const [admin] = await withSessions(1, ['admin'], 'admin');
  const users = await withSessions(sockets, ['staff'], 'socket');
  const probeUsers = await withSessions(probes, ['staff'], 'probe');
  await handle.close();
  return { admin: admin!, users, probeUsers };
}

async function dropKeys(redisPrefix: string) {
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `*${redisPrefix}*`, 'COUNT', 1_000);
    if (keys.length) await redis.unlink(...keys);
    cursor = nextCursor;
  } while (cursor !== '0');
  await redis.quit();
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const out = (text: string) => process.stdout.write(text);

if (process.argv[2] === 'clients') runClientProcess();
else await main();
