// pnpm bench:auth, second part (after auth.bench.ts's CPU accounting of password sign-ins):
// sign-ins per second through auth.login over HTTP at concurrency 8: password only, then password
// + authenticator code (auth.login then auth.verify2fa), then password + backup code, next to
// @node-rs/argon2 verify alone at the same concurrency. Needs Postgres and Redis (see README).
import { cpus } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import {
  BACKUP_CODE_COUNT,
  backupCodeHash,
  encryptSecret,
  generateToken,
  hashPassword,
  newBackupCode,
  newTotpSecret,
} from '@praxis/auth';
import { loadConfig } from '@praxis/config';
import { Secret, TOTP } from 'otpauth';
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
  // Each 2FA sign-in comes from its own X-Forwarded-For address: the per-IP code-check limit
  // (60 per 15 min) is a throttle on one client, not what this measures.
  TRUST_PROXY: 'true',
});
const WARMUP = 32;
const server = await startServer(config, pino({ level: 'warn' }));
const passwordHash = await hashPassword(PASSWORD);
const emails = Array.from({ length: 64 }, (_, i) => `bench-${i}@example.test`);
await server.deps.db
  .insertInto('users')
  .values(emails.map((email) => ({ email, passwordHash, roles: ['staff' as const], firstTimeLogin: false })))
  .execute();

// A TOTP code is good once per user and step, so each TOTP sign-in has its own user; backup-code
// users have 10 codes each. Set up directly, the way auth.totp.confirm stores them.
const { keys } = server.deps;
const totpUsers = await insertUsers('bench-totp', WARMUP + TOTAL);
const totpSecrets = new Map<string, string>();
for (const user of totpUsers) totpSecrets.set(user.email, newTotpSecret());
await server.deps.db
  .insertInto('totpCredentials')
  .values(
    totpUsers.map((user) => ({
      userId: user.id,
      secretEncrypted: encryptSecret(keys.totpSecret, totpSecrets.get(user.email) ?? '', user.id),
      enabledAt: new Date(),
    })),
  )
  .execute();
const backupUsers = await insertUsers('bench-backup', Math.ceil((WARMUP + TOTAL) / BACKUP_CODE_COUNT));
const backupCodes = backupUsers.map(() => Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode));
await server.deps.db
  .insertInto('totpCredentials')
  .values(
    backupUsers.map((user) => ({
      userId: user.id,
      secretEncrypted: encryptSecret(keys.totpSecret, newTotpSecret(), user.id),
      enabledAt: new Date(),
    })),
  )
  .execute();
await server.deps.db
  .insertInto('backupCodes')
  .values(
    backupUsers.flatMap((user, n) =>
      (backupCodes[n] ?? []).map((code) => ({
        userId: user.id,
        codeHash: backupCodeHash(keys.backupCode, code),
      })),
    ),
  )
  .execute();

async function insertUsers(prefix: string, count: number) {
  return server.deps.db
    .insertInto('users')
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `${prefix}-${i}@example.test`,
        passwordHash,
        roles: ['staff' as const],
        firstTimeLogin: false,
      })),
    )
    .returning(['id', 'email'])
    .execute();
}

const trpc = async (procedure: string, input: unknown, ip: string) => {
  const res = await fetch(`http://127.0.0.1:${server.port}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ json: input }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${procedure} answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { result: { data: { json: Record<string, unknown> } } }).result.data.json;
};
const ipFor = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

const login = async (i: number) => {
  await trpc('auth.login', { email: emails[i % emails.length], password: PASSWORD }, '127.0.0.1');
};
const twoFactor = (email: string, code: () => string, ip: string) => async () => {
  const answer = await trpc('auth.login', { email, password: PASSWORD }, ip);
  if (answer.status !== '2fa_required') throw new Error('expected a 2FA challenge');
  const done = await trpc('auth.verify2fa', { challengeId: answer.challengeId, code: code() }, ip);
  if (done.status !== 'authenticated') throw new Error('expected a session');
};
const totpLogin = (offset: number) => (i: number) => {
  const user = totpUsers[offset + i];
  if (!user) throw new Error('not enough TOTP users');
  const secret = Secret.fromBase32(totpSecrets.get(user.email) ?? '');
  return twoFactor(user.email, () => TOTP.generate({ secret }), ipFor(offset + i))();
};
const backupLogin = (offset: number) => (i: number) => {
  const n = offset + i;
  const user = backupUsers[Math.floor(n / BACKUP_CODE_COUNT)];
  const code = backupCodes[Math.floor(n / BACKUP_CODE_COUNT)]?.[n % BACKUP_CODE_COUNT];
  if (!user || !code) throw new Error('not enough backup codes');
  return twoFactor(user.email, () => code, ipFor(100_000 + n))();
};

process.stdout.write(`warming up…\n`);
await runLoad(WARMUP, CONCURRENCY, login);
await runLoad(WARMUP, CONCURRENCY, totpLogin(0));
await runLoad(WARMUP, CONCURRENCY, backupLogin(0));
process.stdout.write(`auth.login over HTTP: ${TOTAL} sign-ins at concurrency ${CONCURRENCY}…\n`);
const http = await runLoad(TOTAL, CONCURRENCY, login);
process.stdout.write(`auth.login + auth.verify2fa (TOTP): ${TOTAL} sign-ins…\n`);
const totpHttp = await runLoad(TOTAL, CONCURRENCY, totpLogin(WARMUP));
process.stdout.write(`auth.login + auth.verify2fa (backup code): ${TOTAL} sign-ins…\n`);
const backupHttp = await runLoad(TOTAL, CONCURRENCY, backupLogin(WARMUP));
const reference = await hash(PASSWORD);
process.stdout.write(`argon2id verify alone: ${TOTAL} verifications at concurrency ${CONCURRENCY}…\n`);
const bare = await runLoad(TOTAL, CONCURRENCY, async () => {
  if (!(await verify(reference, PASSWORD))) throw new Error('verify failed');
});

await server.close();

const rows = [
  ['auth.login (HTTP, tRPC, session + audit)', http],
  ['auth.login + verify2fa, authenticator code', totpHttp],
  ['auth.login + verify2fa, backup code', backupHttp],
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
for (const [name, r] of rows.slice(0, 3)) {
  process.stdout.write(`ratio ${name} / bare verify: ${fmt(r.perSecond / bare.perSecond, 2)}\n`);
}
process.exit(0);
