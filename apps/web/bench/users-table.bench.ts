// pnpm bench:web [--users 100000] [--runs 7] — the time from clicking "Sign in" (the demo admin,
// no 2FA) to the users table rendered with 20 rows, in Chromium, against the real server, worker,
// Postgres and Redis of the e2e harness, on the demo dataset. A measurement, not a test: it prints
// the figure (median of the runs after one warm-up) and asserts nothing.
// Seeds (or reuses) the database praxis_bench_web_<N>; needs Postgres, Redis and Chromium.
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@praxis/db/seed';
import { openSeededDatabase } from '@praxis/db/seed/database';
import { sql } from 'kysely';
import buildApp from '../e2e/build-setup';
import { startWebE2E } from '../e2e/harness';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    users: { type: 'string', default: '100000' },
    orgs: { type: 'string', default: '20' },
    runs: { type: 'string', default: '7' },
  },
});
const USERS = Number(values.users?.replace(/[_,]/g, ''));
const ORGS = Number(values.orgs);
const RUNS = Number(values.runs);
const ROWS = 20;
const out = (line = '') => process.stdout.write(`${line}\n`);

// 1. The database: created once per size, seeded (or extended) by the demo seed, then reused.
const dbName = `praxis_bench_web_${USERS}`;
const { databaseUrl, handle } = await openSeededDatabase({
  serverUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  name: dbName,
  users: USERS,
  organizations: ORGS,
  log: out,
});

// 2. The app as `pnpm start` serves it (built from the current sources), the server and worker.
await buildApp();
const e2e = await startWebE2E({}, { database: { url: databaseUrl, handle } });
const account = DEMO_ACCOUNTS.find((a) => a.roles.includes('admin'));
if (!account) throw new Error('The demo data has no admin account');

/**
 * One cold sign-in in a fresh browser profile: both instants are taken in the page (the click's
 * event time, and the first frame in which the table holds ROWS rows of users), so the figure
 * carries no Node↔browser round trip.
 */
async function measure(): Promise<number> {
  const page = await e2e.newPage();
  await page.goto('/users');
  await page.waitForURL(/\/sign-in\?redirect=/);
  await page.getByLabel('Email').fill(account?.email ?? '');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  const button = page.getByRole('button', { name: 'Sign in' });
  await button.waitFor();
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await page.evaluate(`
    document.addEventListener('click', () => { window.benchClickAt ??= performance.now(); }, { capture: true });
    // The table counts when ${ROWS} user links are in it (skeleton rows have none).
    (function check() {
      const links = document.querySelectorAll('table[aria-label="Users"] tbody tr a[href^="/users/"]');
      if (links.length >= ${ROWS}) window.benchRenderedAt ??= performance.now();
      else requestAnimationFrame(check);
    })();
  `);
  await button.click();
  await page.waitForFunction('window.benchRenderedAt !== undefined');
  const ms = (await page.evaluate('window.benchRenderedAt - window.benchClickAt')) as number;
  await page.context().close();
  return ms;
}

try {
  const { total } = await handle.db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  out(`${total.toLocaleString('en')} users; Chromium, sign-in click → users table with ${ROWS} rows`);
  const warmUp = await measure();
  out(`  warm-up (cold server): ${warmUp.toFixed(0)} ms`);
  const times: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const ms = await measure();
    times.push(ms);
    out(`  run ${run}: ${ms.toFixed(0)} ms`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  out(
    `median ${median.toFixed(0)} ms over ${RUNS} runs (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)})`,
  );
} finally {
  await e2e.close();
  await handle.close();
}
