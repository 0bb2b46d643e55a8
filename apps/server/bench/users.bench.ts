// pnpm bench:users [--users 100000] [--orgs 20] [--requests 1500] — users.list, search and
// dashboard.summary over HTTP through tRPC at concurrency 8, next to a bare Hono route answering the
// same page with a hand-written Kysely query, and a keyset page at 99% depth against page 1. Seeds
// (or reuses) the database praxis_bench_users_<N> (BENCH_USERS_DB names another, e.g. a copy on
// another branch's schema). Needs Postgres and Redis (see README).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@praxis/db/seed';
import { openSeededDatabase } from '@praxis/db/seed/database';
import { sql } from 'kysely';
import { fmt, percentile, runLoad } from './load';
import { ROTATING_TERMS } from './rotating-terms';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    users: { type: 'string', default: '100000' },
    orgs: { type: 'string', default: '20' },
    requests: { type: 'string', default: '1500' },
    concurrency: { type: 'string', default: '8' },
  },
});
const USERS = Number(values.users?.replace(/[_,]/g, ''));
const ORGS = Number(values.orgs);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const SCENARIO_SECONDS = 25;
const out = (line = '') => process.stdout.write(`${line}\n`);

// 1. The database: created once per size, seeded (or extended) by the demo seed, then reused.
const dbName = process.env.BENCH_USERS_DB ?? `praxis_bench_users_${USERS}`;
const { databaseUrl, handle } = await openSeededDatabase({
  serverUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  name: dbName,
  users: USERS,
  organizations: ORGS,
  log: out,
});
const { total: userCount } = await handle.db
  .selectFrom('users')
  .select(sql<number>`count(*)::int`.as('total'))
  .where('archivedAt', 'is', null)
  .executeTakeFirstOrThrow();
await handle.close();

// 2. The server, in a process of its own (the load generator must not share its event loop).
const child = spawn(
  process.execPath,
  [
    fileURLToPath(import.meta.resolve('tsx/cli')),
    fileURLToPath(new URL('./users-bench-server.ts', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // Production refuses to start without one; a fresh one per run is fine for a throwaway database.
      SECRETS_KEY: process.env.SECRETS_KEY ?? randomBytes(32).toString('base64'),
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: `bench-users-${Date.now()}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const base = `http://127.0.0.1:${(JSON.parse(firstLine) as { port: number }).port}`;

async function call(path: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`${path.slice(0, 120)} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
const trpcQuery = (procedure: string, input?: unknown) =>
  `/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;

const adminEmail = DEMO_ACCOUNTS.find((a) => a.roles.includes('admin'))?.email ?? '';
const login = (await call('/trpc/auth.login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ json: { email: adminEmail, password: DEMO_PASSWORD } }),
})) as { result: { data: { json: { token: string } } } };
const headers = { authorization: `Bearer ${login.result.data.json.token}` };

// 3. A keyset cursor at 99% depth (row 990,000 of 1,000,000), reached once by offset.
const depthRow = Math.floor(userCount * 0.99);
const depthPage = Math.floor(depthRow / 20);
const deep = (await call(trpcQuery('users.list', { page: depthPage, pageSize: 20 }), { headers })) as {
  result: { data: { json: { nextCursor: string } } };
};
const deepCursor = deep.result.data.json.nextCursor;
// And one at row 20 (page 2): the same statement at the top of the list. Page 1 itself is not
// the reference for depth: it is kept in memory while no write changes it (users.first-pages).
const top = (await call(trpcQuery('users.list', { page: 1, pageSize: 20 }), { headers })) as typeof deep;
const topCursor = top.result.data.json.nextCursor;

const searchFiltersSort = {
  search: 'son',
  filters: { roles: ['provider'], status: ['active'] },
  sortBy: 'lastActivity',
};
const scenarios: [string, string][] = [
  ['users.list page 1', trpcQuery('users.list', { page: 1 })],
  ['users.list page 1000', trpcQuery('users.list', { page: 1000 })],
  ['users.list search rare ("zephyr")', trpcQuery('users.list', { search: 'zephyr' })],
  ['users.list search common ("son")', trpcQuery('users.list', { search: 'son' })],
  ['search "son" + roles + status, by lastActivity', trpcQuery('users.list', searchFiltersSort)],
  ['dashboard.summary', trpcQuery('dashboard.summary')],
  [
    `users.list keyset at row ${depthRow.toLocaleString('en')}`,
    trpcQuery('users.list', { cursor: deepCursor }),
  ],
  ['users.list keyset at page 2 (row 20)', trpcQuery('users.list', { cursor: topCursor })],
  ['bare Hono route, hand-written query of page 1', '/bare/users?page=1'],
  ['bare Hono route + session check', '/bare/users-authed?page=1'],
  ['users.list page 1 (again, for the ratio)', trpcQuery('users.list', { page: 1 })],
  // The floor on this machine: the cheapest signed-in call, and no call at all.
  ['auth.me (session check only)', trpcQuery('auth.me')],
  ['GET /health (no database)', '/health'],
];

interface Measured {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** One request at a time: the latency without queueing behind 7 others. */
  alone: { p50: number; p99: number };
}
const ALONE_REQUESTS = 100;
// Warm-up: every path a few dozen times, so the JIT and Postgres' caches are warm for all.
await runLoad(
  scenarios.length * 40,
  CONCURRENCY,
  async (i) => void (await call((scenarios[i % scenarios.length] as [string, string])[1], { headers })),
);

const results: Measured[] = [];
out(
  `\n${USERS.toLocaleString('en')} users, ${ORGS} organisations; ${cpus().length} cores, Node ${process.versions.node}; concurrency ${CONCURRENCY}`,
);
out(
  `${'scenario'.padEnd(48)} ${'requests'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}   ${'alone p50'.padStart(9)} ${'alone p99'.padStart(9)}`,
);
for (const [name, path] of scenarios) {
  const task = async () => void (await call(path, { headers }));
  const probe = await runLoad(Math.min(100, REQUESTS), CONCURRENCY, task); // also the warm-up
  const total = Math.max(100, Math.min(REQUESTS, Math.round(probe.perSecond * SCENARIO_SECONDS)));
  const run = await runLoad(total, CONCURRENCY, task);
  const alone = await runLoad(ALONE_REQUESTS, 1, task);
  const measured = {
    name,
    requests: total,
    perSecond: run.perSecond,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    alone: { p50: percentile(alone.latencies, 50), p99: percentile(alone.latencies, 99) },
  };
  results.push(measured);
  out(
    `${name.padEnd(48)} ${String(total).padStart(8)} ${fmt(measured.perSecond).padStart(8)} ${fmt(measured.p50, 2).padStart(8)} ${fmt(measured.p99, 2).padStart(8)}   ${fmt(measured.alone.p50, 2).padStart(9)} ${fmt(measured.alone.p99, 2).padStart(9)}`,
  );
}

const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix)) as Measured;
const bare = byName('bare Hono route, hand-written');
const bareAuthed = byName('bare Hono route + session');
// Page 1 measured last, once everything is warm, is the one compared.
const page1 = byName('users.list page 1 (again');
const keyset = byName(`users.list keyset at row ${depthRow.toLocaleString('en')}`);
const keysetTop = byName('users.list keyset at page 2 (row 20)');
const searchFiltersSorted = byName('search "son"');
const pathOf = (prefix: string) =>
  (scenarios.find(([name]) => name.startsWith(prefix)) as [string, string])[1];

/**
 * Two paths in alternating blocks, so both meet the same machine: measured minutes apart, the
 * same path's throughput moved by 20% on this shared machine. Returns req/s and p50 of each.
 */
async function interleaved(a: string, b: string, rounds = 6, perBlock = 250) {
  const sides = {
    a: { path: a, seconds: 0, latencies: [] as number[] },
    b: { path: b, seconds: 0, latencies: [] as number[] },
  };
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? [sides.b, sides.a] : [sides.a, sides.b]) {
      const run = await runLoad(perBlock, CONCURRENCY, async () => void (await call(side.path, { headers })));
      side.seconds += run.seconds;
      side.latencies.push(...run.latencies);
    }
  }
  const summary = (side: typeof sides.a) => ({
    perSecond: (rounds * perBlock) / side.seconds,
    p50: percentile(side.latencies, 50),
  });
  return { a: summary(sides.a), b: summary(sides.b) };
}

const trpcPage1 = pathOf('users.list page 1 (again');
const vsBare = await interleaved(trpcPage1, pathOf('bare Hono route, hand-written'));
const vsBareAuthed = await interleaved(trpcPage1, pathOf('bare Hono route + session'));
const deepVsTop = await interleaved(pathOf(keyset.name), pathOf(keysetTop.name));
const vsSessionCheck = await interleaved(trpcPage1, pathOf('auth.me'));
out();
out(
  `tRPC / bare (req/s): ${fmt(vsBare.a.perSecond / vsBare.b.perSecond, 2)} interleaved, ${fmt(page1.perSecond / bare.perSecond, 2)} from the table  (target ≥ 0.80)`,
);
out(
  `tRPC / bare with the same session check (req/s): ${fmt(vsBareAuthed.a.perSecond / vsBareAuthed.b.perSecond, 2)} interleaved, ${fmt(page1.perSecond / bareAuthed.perSecond, 2)} from the table`,
);
out(
  `users.list page 1 / auth.me (req/s): ${fmt(vsSessionCheck.a.perSecond / vsSessionCheck.b.perSecond, 2)} interleaved, ${fmt(page1.perSecond / byName('auth.me').perSecond, 2)} from the table  (target ≥ 0.40)`,
);
out(
  `keyset at 99% depth / at row 20 (p50): ${fmt(deepVsTop.a.p50 / deepVsTop.b.p50, 2)} interleaved, ${fmt(keyset.p50 / keysetTop.p50, 2)} from the table; alone ${fmt(keyset.alone.p50 / keysetTop.alone.p50, 2)}  (target ≤ 1.20)`,
);
out(
  `search + filters + sort p99: ${fmt(searchFiltersSorted.p99, 2)} ms at concurrency ${CONCURRENCY}, ${fmt(searchFiltersSorted.alone.p99, 2)} ms alone  (target < ${USERS >= 1_000_000 ? 25 : 10} ms)`,
);
out(
  `floor at concurrency ${CONCURRENCY}: auth.me p99 ${fmt(byName('auth.me').p99, 2)} ms, /health p99 ${fmt(byName('GET /health').p99, 2)} ms`,
);

// Each of the harness's rotating terms alone, as users.list searches it (newest first, page 1).
const TERM_RUNS = 20;
const perTerm: { term: string; p50: number; max: number }[] = [];
for (const term of ROTATING_TERMS) {
  const run = await runLoad(
    TERM_RUNS,
    1,
    async () => void (await call(trpcQuery('users.list', { search: term }), { headers })),
  );
  perTerm.push({ term, p50: percentile(run.latencies, 50), max: Math.max(...run.latencies) });
}
perTerm.sort((a, b) => b.max - a.max);
out(
  `each of the ${ROTATING_TERMS.length} rotating terms alone (${TERM_RUNS} requests each), slowest: ` +
    perTerm
      .slice(0, 5)
      .map((t) => `${t.term} max ${fmt(t.max, 2)} ms (p50 ${fmt(t.p50, 2)})`)
      .join(', ') +
    `  (target < 25 ms at 1M)`,
);

child.kill('SIGTERM');
await once(child, 'exit');
process.exit(0);
