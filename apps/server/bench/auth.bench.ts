// pnpm bench:auth — sign-ins per second through auth.login over HTTP at concurrency 8, next to
// @node-rs/argon2 verify alone at the same concurrency, in interleaved rounds (the machine's load
// drifts; each round's ratio compares neighbours). The HTTP client runs in a process of its own,
// so the CPU time measured here is the server's: per sign-in, this process (all threads, and its
// main thread alone) and the Postgres backends serving it, against the CPU of one bare verify.
// Needs Postgres and Redis (see README). BENCH_LOGINS=400 (in all), BENCH_ROUNDS=5;
// BENCH_CPU_PROFILE=<file.cpuprofile> also writes a V8 profile of the server during the sign-ins.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { hash, verify } from '@node-rs/argon2';
import { generateToken, hashPassword } from '@praxis/auth';
import { loadConfig } from '@praxis/config';
import pg from 'pg';
import pino from 'pino';
import { startServer } from '../src/start-server';
import { fmt, percentile, runLoad } from './load';

const CONCURRENCY = 8;
const TOTAL = Number(process.env.BENCH_LOGINS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PASSWORD = 'benchmark passphrase';

type ClientCommand = { url: string; emails: string[]; count: number; offset: number };
type ClientReport = { latencies: number[]; seconds: number };

async function main() {
  const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = 'praxis_bench_auth';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
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
    .values(
      emails.map((email) => ({ email, passwordHash, roles: ['staff' as const], firstTimeLogin: false })),
    )
    .execute();
  const url = `http://127.0.0.1:${server.port}/trpc/auth.login`;

  const client = fork(fileURLToPath(import.meta.url), ['client'], { execArgv: ['--import', 'tsx'] });
  await nextMessage(client);
  let offset = 0;
  const logins = (count: number) => {
    const answer = nextMessage<ClientReport>(client);
    client.send({ url, emails, count, offset } satisfies ClientCommand);
    offset += count;
    return answer;
  };
  const reference = await hash(PASSWORD);
  const bare = (count: number) =>
    runLoad(count, CONCURRENCY, async () => {
      if (!(await verify(reference, PASSWORD))) throw new Error('verify failed');
    });
  // The Postgres backends of the server's pool; CPU ticks (1/100 s) from /proc, as root or postgres.
  const backendTicks = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [dbName],
    );
    return rows.reduce((sum, { pid }) => sum + processTicks(pid), 0);
  };

  process.stdout.write(
    `warming up… (load average ${loadavg()
      .map((n) => fmt(n))
      .join(' ')})\n`,
  );
  await logins(64);
  await bare(16);

  const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 250 });
  }
  const perRound = Math.ceil(TOTAL / ROUNDS);
  const login = { latencies: [] as number[], seconds: 0, cpuMs: 0, mainMs: 0, pgTicks: 0 };
  const alone = { latencies: [] as number[], seconds: 0, cpuMs: 0 };
  const ratios: number[] = [];
  const profiles: object[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    process.stdout.write(`round ${round + 1}/${ROUNDS}: ${perRound} sign-ins, ${perRound} bare verifies…`);
    const measureLogins = async () => {
      const ticks = await backendTicks();
      const cpu = process.cpuUsage();
      const main = process.threadCpuUsage();
      await profiler?.post('Profiler.start');
      const report = await logins(perRound);
      const used = process.cpuUsage(cpu);
      const mainUsed = process.threadCpuUsage(main);
      if (profiler) profiles.push((await profiler.post('Profiler.stop')).profile);
      login.pgTicks += (await backendTicks()) - ticks;
      login.cpuMs += (used.user + used.system) / 1000;
      login.mainMs += (mainUsed.user + mainUsed.system) / 1000;
      login.latencies.push(...report.latencies);
      login.seconds += report.seconds;
      return perRound / report.seconds;
    };
    const measureBare = async () => {
      const cpu = process.cpuUsage();
      const result = await bare(perRound);
      const used = process.cpuUsage(cpu);
      alone.cpuMs += (used.user + used.system) / 1000;
      alone.latencies.push(...result.latencies);
      alone.seconds += result.seconds;
      return result.perSecond;
    };
    // Alternating which goes first, so a drift in load does not always favour the same one.
    let loginRate: number;
    let bareRate: number;
    if (round % 2 === 0) {
      loginRate = await measureLogins();
      bareRate = await measureBare();
    } else {
      bareRate = await measureBare();
      loginRate = await measureLogins();
    }
    ratios.push(loginRate / bareRate);
    process.stdout.write(` ${fmt(loginRate)}/s vs ${fmt(bareRate)}/s (${fmt(loginRate / bareRate, 2)})\n`);
  }

  if (process.env.BENCH_CPU_PROFILE) {
    // The last round's: one file Chrome DevTools or speedscope opens.
    writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(profiles.at(-1)));
  }
  client.kill();
  await server.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();

  const signIns = perRound * ROUNDS;
  const rows = [
    ['auth.login (HTTP, tRPC, session + audit)', login],
    ['@node-rs/argon2 verify alone', alone],
  ] as const;
  process.stdout.write(
    `\nmachine: ${cpus().length} cores, Node ${process.versions.node}, load average ${loadavg()
      .map((n) => fmt(n))
      .join(' ')}\n`,
  );
  process.stdout.write(
    `${'scenario'.padEnd(44)} ${'per s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n`,
  );
  for (const [name, r] of rows) {
    process.stdout.write(
      `${name.padEnd(44)} ${fmt(signIns / r.seconds).padStart(8)} ${fmt(percentile(r.latencies, 50)).padStart(8)} ${fmt(percentile(r.latencies, 99)).padStart(8)}\n`,
    );
  }
  const ratio = signIns / login.seconds / (signIns / alone.seconds);
  process.stdout.write(
    `ratio sign-ins / bare verify: ${fmt(ratio, 2)} (rounds: ${ratios.map((r) => fmt(r, 2)).join(' ')}; median ${fmt(percentile(ratios, 50), 2)})\n`,
  );
  const serverMs = login.cpuMs / signIns;
  const pgMs = (login.pgTicks * 10) / signIns;
  const verifyMs = alone.cpuMs / signIns;
  process.stdout.write(
    `CPU per sign-in: server ${fmt(serverMs, 2)} ms (main thread ${fmt(login.mainMs / signIns, 2)} ms) + Postgres ${fmt(pgMs, 2)} ms; ` +
      `per bare verify ${fmt(verifyMs, 2)} ms; CPU ratio ${fmt(verifyMs / (serverMs + pgMs), 2)}\n`,
  );
  process.exit(0);
}

/** utime + stime of a process, in clock ticks; 0 once it is gone. */
function processTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  } catch {
    return 0;
  }
}

/** The client process: sign-ins over HTTP (fetch, keep-alive) at CONCURRENCY, timed. */
function runClientProcess() {
  process.on('message', async ({ url, emails, count, offset }: ClientCommand) => {
    const result = await runLoad(count, CONCURRENCY, async (i) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { email: emails[(offset + i) % emails.length], password: PASSWORD } }),
      });
      if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    });
    process.send?.({ latencies: result.latencies, seconds: result.seconds } satisfies ClientReport);
  });
  process.send?.({ type: 'ready' });
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`the client process exited (${code})`)));
  });
}

if (process.argv[2] === 'client') runClientProcess();
else await main();
