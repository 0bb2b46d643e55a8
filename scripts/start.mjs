#!/usr/bin/env node
// `pnpm start`: runs the server and the worker together, serving the built web app (built once
// when missing or stale). Installs dependencies when missing, and starts a temporary
// redis-server from PATH when REDIS_URL does not answer.
// `pnpm dev` (--dev): the same plus Vite's dev server with hot reload, which proxies /trpc and
// /socket.io to the server; open the app at the Vite URL (APP_URL defaults to it).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stdout.write(`[start] ${line}\n`);
const die = (line) => {
  process.stderr.write(`[start] ${line}\n`);
  process.exit(1);
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  die(`Node ${process.versions.node} is too old: Praxis needs Node 22.12 or newer (see .nvmrc).`);
}

if (!existsSync(join(root, 'node_modules', '.pnpm'))) {
  say('installing dependencies (pnpm install)…');
  const result = spawnSync('pnpm', ['install', '--frozen-lockfile'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) die('pnpm install failed; fix the error above and run `pnpm start` again.');
}

// Apps run in their own folders: pin relative data paths to the repository root for both.
process.env.DATA_DIR = resolve(root, process.env.DATA_DIR || '.data');

const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const redisPort = Number(redisUrl.port || 6379);
const children = [];
let stopping = false;

function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function ensureRedis() {
  if (await reachable(redisUrl.hostname, redisPort)) return;
  const local = ['127.0.0.1', 'localhost', '::1'].includes(redisUrl.hostname);
  const hasRedis = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!local || !hasRedis) {
    die(
      `Redis at ${redisUrl.host} does not answer. Set REDIS_URL to a running Redis, ` +
        'or run `docker compose up -d redis`, or install Redis (apt-get install redis-server / brew install redis) ' +
        'and `pnpm start` will run a temporary one for you.',
    );
  }
  say(`Redis at ${redisUrl.host} does not answer; starting a temporary redis-server (no persistence)…`);
  const redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  children.push({ name: 'redis', child: redis });
  for (let i = 0; i < 50; i++) {
    if (await reachable('127.0.0.1', redisPort)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  die('the temporary redis-server did not start; start Redis yourself and set REDIS_URL.');
}

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'process', 'name']);

/** pino's JSON lines made readable for people; set LOG_FORMAT=json to keep them raw. */
function pretty(name, line) {
  if (process.env.LOG_FORMAT === 'json' || !line.startsWith('{')) return `[${name}] ${line}`;
  try {
    const entry = JSON.parse(line);
    const extra = Object.entries(entry)
      .filter(([key]) => !QUIET.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
      .join(' ');
    const time = new Date(entry.time ?? Date.now()).toISOString().slice(11, 19);
    return `${time} ${(LEVELS[entry.level] ?? 'INFO').padEnd(5)} [${name}] ${entry.msg ?? ''}${extra ? `  ${extra}` : ''}`;
  } catch {
    return `[${name}] ${line}`;
  }
}

const devMode = process.argv.includes('--dev');
const WEB_DEV_PORT = Number(process.env.WEB_PORT || 5173);
// Mail links and the CSRF origin check must name the origin the browser uses: Vite's, in dev.
if (devMode && !process.env.APP_URL) process.env.APP_URL = `http://localhost:${WEB_DEV_PORT}`;

function run(name, cwd, command = [process.execPath, '--import', 'tsx', 'src/main.ts']) {
  const child = spawn(command[0], command.slice(1), {
    cwd: join(root, cwd),
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) process.stdout.write(`${pretty(name, line)}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping the rest.`);
      shutdown(code ?? 1);
    }
  });
  children.push({ name, child });
}

function shutdown(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  const apps = children.filter((c) => c.name !== 'redis');
  for (const { child } of apps) child.kill('SIGTERM');
  Promise.all(
    apps.map(({ child }) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
  ).then(() => {
    for (const { name, child } of children) if (name === 'redis') child.kill('SIGTERM');
    process.exit(exitCode);
  });
  setTimeout(() => process.exit(exitCode || 1), 20_000).unref();
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

// The web app's inputs: a change to any of them makes the build stale.
const WEB_INPUTS = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/ui/src',
  'packages/policy/src',
  'packages/validators/src',
  'pnpm-lock.yaml',
];
const webDist = join(root, 'apps/web/dist');
const stampFile = join(webDist, '.build-stamp');

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test.tsx'))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** A hash of the inputs' contents: mtimes alone change on a fresh checkout without a real change. */
function webSourceHash() {
  const hash = createHash('sha256');
  for (const file of WEB_INPUTS.flatMap((input) => filesUnder(join(root, input))).sort()) {
    hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Builds the web app once: when there is no build, or its sources changed since. */
function ensureWebBuild() {
  const hash = webSourceHash();
  const built = existsSync(join(webDist, 'index.html')) && existsSync(stampFile);
  if (built && readFileSync(stampFile, 'utf8').trim() === hash) {
    say('web app build is up to date (apps/web/dist)');
    return;
  }
  say(
    `${built ? 'web app sources changed' : 'web app not built yet'}: building it once (pnpm --filter @praxis/web build)…`,
  );
  const started = Date.now();
  const result = spawnSync('pnpm', ['--filter', '@praxis/web', 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) die('the web app build failed; fix the error above and run `pnpm start` again.');
  writeFileSync(stampFile, `${hash}\n`);
  say(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (!devMode) ensureWebBuild();
await ensureRedis();
if (!process.env.DATABASE_URL)
  say(`no DATABASE_URL: using embedded PGlite in ${join(process.env.DATA_DIR, 'pglite')}`);
if (!process.env.ADMIN_EMAIL)
  say('no ADMIN_EMAIL/ADMIN_PASSWORD: no first admin will be created (see README).');
run('server', 'apps/server');
run('worker', 'apps/worker');
if (devMode) {
  run('web', 'apps/web', ['pnpm', 'exec', 'vite', '--port', String(WEB_DEV_PORT), '--strictPort']);
  say(`open ${process.env.APP_URL} (Vite, hot reload; API on port ${process.env.PORT || 3000})`);
} else {
  say(`open ${process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`}`);
}
