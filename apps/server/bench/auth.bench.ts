// pnpm bench:auth — sign-ins per second through auth.login over HTTP at concurrency 8, next to
// @node-rs/argon2 verify alone at the same concurrency. Needs Postgres and Redis (see README).
import { cpus } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { generateToken, hashPassword } from '@praxis/auth';
import { loadConfig } from '@praxis/config';
import pg from 'pg';
import pino from 'pino';
import { startServer } from '../src/start-server';
import { fmt, percentile, runLoad } from './load';

const CONCURRENCY = 8;
const TOTAL = Number(process.env.BENCH_LOGINS ?? 400);
const PASSWORD = 'benchmark passphrase';
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'praxis_bench_auth';

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();

const config = loadConfig({
  NODE_ENV: 'production',
  // Production refuses to start without one; a fresh one per run is fine for a throwaway database.
  SECRETS_KEY: process.env.SECRETS_KEY ?? generateToken(),
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `bench-auth-${Date.now()}`,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
});
const server = await startServer(config, pino({ level: 'warn' }));
const passwordHash = await hashPassword(PASSWORD);
const emails = Array.from({ length: 64 }, (_, i) => `bench-${i}@example.test`);
await server.deps.db
  .insertInto('users')
  .values(emails.map((email) => ({ email, passwordHash, roles: ['staff' as const], firstTimeLogin: false })))
  .execute();

const url = `http://127.0.0.1:${server.port}/trpc/auth.login`;
const login = async (i: number) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { email: emails[i % emails.length], password: PASSWORD } }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
};

process.stdout.write(`warming up…\n`);
await runLoad(32, CONCURRENCY, login);
process.stdout.write(`auth.login over HTTP: ${TOTAL} sign-ins at concurrency ${CONCURRENCY}…\n`);
const http = await runLoad(TOTAL, CONCURRENCY, login);
const reference = await hash(PASSWORD);
process.stdout.write(`argon2id verify alone: ${TOTAL} verifications at concurrency ${CONCURRENCY}…\n`);
const bare = await runLoad(TOTAL, CONCURRENCY, async () => {
  if (!(await verify(reference, PASSWORD))) throw new Error('verify failed');
});

await server.close();

const rows = [
  ['auth.login (HTTP, tRPC, session + audit)', http],
  ['@node-rs/argon2 verify alone', bare],
] as const;
process.stdout.write(`\nmachine: ${cpus().length} cores, Node ${process.versions.node}\n`);
process.stdout.write(
  `${'scenario'.padEnd(44)} ${'per s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n`,
);
for (const [name, r] of rows) {
  process.stdout.write(
    `${name.padEnd(44)} ${fmt(r.perSecond).padStart(8)} ${fmt(percentile(r.latencies, 50)).padStart(8)} ${fmt(percentile(r.latencies, 99)).padStart(8)}\n`,
  );
}
process.stdout.write(`ratio sign-ins / bare verify: ${fmt(http.perSecond / bare.perSecond, 2)}\n`);
process.exit(0);
