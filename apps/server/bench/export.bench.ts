// pnpm bench:export [--users 1000000] [--orgs 20] [--runs 2] [--heap-mb N] — downloads
// GET /exports/users.csv (every user, as an admin) over HTTP from the real server in a process
// of its own, and prints the rows, the time, the throughput and the server's peak memory during
// the download (process.memoryUsage sampled every 20 ms inside the server, and the kernel's
// VmHWM). Seeds (or reuses) the database praxis_bench_users_<N> of bench:users. `--heap-mb`
// caps the server's V8 old space (--max-old-space-size): an export that held its rows would run
// out of memory there. Needs Postgres and Redis (see README).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@praxis/db/seed';
import { openSeededDatabase } from '@praxis/db/seed/database';
import { sql } from 'kysely';
import { fmt } from './load';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    users: { type: 'string', default: '1000000' },
    orgs: { type: 'string', default: '20' },
    runs: { type: 'string', default: '2' },
    'heap-mb': { type: 'string' },
  },
});
const USERS = Number(values.users?.replace(/[_,]/g, ''));
const out = (line = '') => process.stdout.write(`${line}\n`);
const MB = 1024 * 1024;

const { databaseUrl, handle } = await openSeededDatabase({
  serverUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  name: `praxis_bench_users_${USERS}`,
  users: USERS,
  organizations: Number(values.orgs),
  log: out,
});
const { unarchived } = await handle.db
  .selectFrom('users')
  .select(sql<number>`count(*)::int`.as('unarchived'))
  .where('archivedAt', 'is', null)
  .executeTakeFirstOrThrow();
await handle.close();

// The server runs under node itself (tsx as a loader, not its CLI), so its pid is the server's.
const child = spawn(
  process.execPath,
  [
    '--expose-gc',
    ...(values['heap-mb'] ? [`--max-old-space-size=${Number(values['heap-mb'])}`] : []),
    '--import',
    'tsx',
    fileURLToPath(new URL('./export-bench-server.ts', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SECRETS_KEY: process.env.SECRETS_KEY ?? randomBytes(32).toString('base64'),
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: `bench-export-${Date.now()}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
const base = `http://127.0.0.1:${(JSON.parse(firstLine) as { port: number }).port}`;

const adminEmail = DEMO_ACCOUNTS.find((a) => a.roles.includes('admin'))?.email ?? '';
const loginRes = await fetch(`${base}/trpc/auth.login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ json: { email: adminEmail, password: DEMO_PASSWORD } }),
});
const login = (await loginRes.json()) as { result: { data: { json: { token: string } } } };
const headers = { authorization: `Bearer ${login.result.data.json.token}` };

interface Memory {
  peak: NodeJS.MemoryUsage;
  now: NodeJS.MemoryUsage;
  heapLimit: number;
}
const memory = async (reset = false) =>
  (await (await fetch(`${base}/bench/memory${reset ? '?reset=1' : ''}`)).json()) as Memory;
const vmHwm = async () => {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
};

/** The whole export, read as it arrives: bytes, rows (CRLF-terminated records) and time. */
async function download() {
  const started = performance.now();
  const res = await fetch(`${base}/exports/users.csv`, { headers });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  let firstByteMs = 0;
  let previous = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    if (!firstByteMs) firstByteMs = performance.now() - started;
    bytes += chunk.byteLength;
    // Quoted cells hold bare LFs only where a value has one; records end in CRLF.
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === 10 && previous === 13) lines++;
      previous = byte;
    }
  }
  return { seconds: (performance.now() - started) / 1000, bytes, rows: lines - 1, firstByteMs };
}

out(
  `\n${USERS.toLocaleString('en')} users (${unarchived.toLocaleString('en')} unarchived: what the default export lists); ${cpus().length} cores, ${fmt(totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}${values['heap-mb'] ? `; server old space capped at ${values['heap-mb']} MB` : ''}`,
);
await fetch(`${base}/bench/gc`, { method: 'POST' });
const idle = await memory(true);
out(
  `server at rest: RSS ${fmt(idle.now.rss / MB)} MB, heap used ${fmt(idle.now.heapUsed / MB)} MB of a ${fmt(idle.heapLimit / MB)} MB limit (VmHWM so far ${fmt((await vmHwm()) / MB)} MB)`,
);
for (let run = 1; run <= Number(values.runs); run++) {
  await fetch(`${base}/bench/gc`, { method: 'POST' });
  await memory(true);
  const result = await download();
  const peak = (await memory()).peak;
  out(
    `run ${run}: ${result.rows.toLocaleString('en')} rows, ${fmt(result.bytes / MB)} MB in ${fmt(result.seconds, 2)} s (first byte ${fmt(result.firstByteMs)} ms): ${fmt(result.bytes / MB / result.seconds)} MB/s, ${Math.round(result.rows / result.seconds).toLocaleString('en')} rows/s; server peak RSS ${fmt(peak.rss / MB)} MB, heap used ${fmt(peak.heapUsed / MB)} MB, heap total ${fmt(peak.heapTotal / MB)} MB, VmHWM ${fmt((await vmHwm()) / MB)} MB`,
  );
  if (result.rows !== unarchived) throw new Error(`expected ${unarchived} rows, got ${result.rows}`);
}

child.kill('SIGTERM');
await once(child, 'exit');
process.exit(0);
