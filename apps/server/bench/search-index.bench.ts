// pnpm bench:search-index [--users 100000] [--runs 30] — the users list's in-memory search index
// (packages/api/src/users/users.search-sync.ts) on the bench database of that size (created and
// seeded once, shared with `pnpm bench:users`): how long it takes to build, the V8 heap it holds
// (after a forced GC), and the time each of the side-by-side harness's 40 rotating terms takes
// to answer (total and first page, with the statement that reads the database's changes and the
// page's rows), one at a time; then the terms' match alone over the same users indexed in the
// order they were created, as a table filled over time holds them.
import { parseArgs } from 'node:util';
import { createUserSearchMemory, SearchIndex } from '@praxis/api';
import type { UserStatus } from '@praxis/db';
import { openSeededDatabase } from '@praxis/db/seed/database';
import { sql } from 'kysely';
import pino from 'pino';
import { fmt, percentile } from './load';
import { ROTATING_TERMS as TERMS } from './rotating-terms';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    users: { type: 'string', default: '100000' },
    orgs: { type: 'string', default: '20' },
    runs: { type: 'string', default: '30' },
  },
});
const USERS = Number(values.users?.replace(/[_,]/g, ''));
const RUNS = Number(values.runs);
const out = (line = '') => process.stdout.write(`${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc (pnpm bench:search-index does).');

const { handle } = await openSeededDatabase({
  serverUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  name: process.env.BENCH_USERS_DB ?? `praxis_bench_users_${USERS}`,
  users: USERS,
  organizations: Number(values.orgs),
  log: out,
});

// The typed arrays' memory is outside V8's heap (ArrayBuffers): both are counted.
const memoryUsed = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
};
gc();
const before = memoryUsed();
const started = performance.now();
const memory = createUserSearchMemory(handle.db, pino({ level: 'warn' }), { maxUsers: 10_000_000 });
if (!(await memory.ready())) throw new Error('The index was not built: see the warning above.');
const buildMs = performance.now() - started;
gc();
const after = memoryUsed();
const heapMb = (after.heapUsed - before.heapUsed) / 2 ** 20;
const buffersMb = (after.arrayBuffers - before.arrayBuffers) / 2 ** 20;
out(
  `index of ${USERS.toLocaleString('en')} users: built in ${fmt(buildMs / 1000, 2)} s, ` +
    `heap ${fmt(heapMb)} MB + typed arrays ${fmt(buffersMb)} MB`,
);

const everyone = { archived: false, organizationIds: null };
const window = { offset: 0, limit: 21, descending: true };
out('');
out('| term | total | p50 ms | p99 ms | max ms |');
out('|---|---|---|---|---|');
const worst: number[] = [];
for (const term of TERMS) {
  const times: number[] = [];
  let total = 0;
  for (let run = 0; run < RUNS; run++) {
    const at = performance.now();
    const found = await memory.match(term, everyone, window);
    times.push(performance.now() - at);
    total = found?.total ?? Number.NaN;
  }
  times.sort((a, b) => a - b);
  worst.push(times.at(-1) ?? 0);
  out(
    `| ${term} | ${total.toLocaleString('en')} | ${fmt(percentile(times, 50), 2)} | ${fmt(percentile(times, 99), 2)} | ${fmt(times.at(-1) ?? 0, 2)} |`,
  );
}
out('');
out(`slowest term's slowest answer: ${fmt(Math.max(...worst), 2)} ms`);
memory.stop();

// The seed's users come in no order of creation; a table filled over the years holds its rows
// about in that order, and the index its slots with them. The same users indexed so, each term's
// match alone (no database), newest first and oldest first.
const inCreationOrder = new SearchIndex();
// Read in pages of the created-at index: (created_at, id) after the last row's.
let cursor: { ts: string; id: string } | undefined;
for (;;) {
  const { rows } = await sql<{
    id: string;
    org: string | null;
    archived: boolean;
    text: string;
    roles: string[];
    status: UserStatus;
    at: number;
    ts: string;
  }>`select id, organization_id as org, archived_at is not null as archived, search_text as text, roles, status,
      (extract(epoch from created_at) * 1000000)::float8 as at, created_at::text as ts
    from user_search
    where ${cursor ? sql`(created_at, id) > (${cursor.ts}::timestamptz, ${cursor.id}::uuid)` : sql`true`}
    order by created_at, id limit 50000`.execute(handle.db);
  for (const row of rows) {
    inCreationOrder.upsert({
      id: row.id,
      organizationId: row.org,
      archived: row.archived,
      text: row.text,
      createdAt: row.at,
      roles: row.roles,
      status: row.status,
      suspendedUntil: null,
      lastActivity: null,
    });
  }
  const last = rows.at(-1);
  if (!last) break;
  cursor = { ts: last.ts, id: last.id };
}
for (const descending of [true, false]) {
  const times: number[] = [];
  for (const term of TERMS) {
    for (let run = 0; run < RUNS; run++) {
      const at = performance.now();
      inCreationOrder.match(term, everyone, { ...window, descending });
      times.push(performance.now() - at);
    }
  }
  times.sort((a, b) => a - b);
  out(
    `indexed in creation order, the 40 terms' match ${descending ? 'newest' : 'oldest'} first: ` +
      `p50 ${fmt(percentile(times, 50), 2)} ms, p99 ${fmt(percentile(times, 99), 2)} ms, max ${fmt(times.at(-1) ?? 0, 2)} ms`,
  );
}
await handle.close();
