import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);

export interface PostgresCluster {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication). */
  url(database?: string): string;
  /** `pg_ctl stop -m fast`: connections are terminated ("administrator command"), as in a restart. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /**
   * Client connections open on it now (not counting the one asking), less those whose
   * `application_name` is `except`: e.g. to check that an app holds pooled connections.
   */
  clientConnections(except?: string): Promise<number>;
  /** Stops it (if running) and removes its files. Safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * A Postgres cluster of a test's own (initdb into a temporary folder, on a free loopback port),
 * for tests that stop and start Postgres: the shared one must never be stopped. initdb takes a
 * few seconds: make one per test file and `destroy()` it in afterAll. As root (CI and our
 * machines), which initdb refuses, the binaries run as the `postgres` user.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'praxis-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
  // [file, args] of a Postgres binary, as the user that may run it.
  const command = (name: string, args: string[]): [string, string[]] => {
    const file = bin ? join(bin, name) : name;
    return asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  };
  const tool = (name: string, args: string[]) => run(...command(name, args), { timeout: 60_000 });

  let running = false;
  let destroyed = false;
  const removeFiles = () => rmSync(dir, { recursive: true, force: true });
  // A worker that dies before afterAll must not leave a postgres behind.
  const onExit = () => {
    if (running) {
      try {
        execFileSync(...command('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate']));
      } catch {
        // best effort
      }
    }
    removeFiles();
  };
  process.once('exit', onExit);

  const port = await freePort();
  const failWithLog = (action: string) => (error: unknown) => {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2_000) : '';
    throw new Error(`pg_ctl ${action} failed: ${(error as Error).message}\n${log}`, { cause: error });
  };

  const cluster: PostgresCluster = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
      await tool('pg_ctl', ['start', '-w', '-D', dataDir, '-l', logFile, '-o', options]).catch(
        failWithLog('start'),
      );
      running = true;
    },
    async stop() {
      await tool('pg_ctl', ['stop', '-w', '-D', dataDir, '-m', 'fast']).catch(failWithLog('stop'));
      running = false;
    },
    async clientConnections(except) {
      const client = new pg.Client({ connectionString: cluster.url() });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: number }>(
          `select count(*)::int as count from pg_stat_activity
           where backend_type = 'client backend' and pid <> pg_backend_pid()
             and ($1::text is null or application_name <> $1)`,
          [except ?? null],
        );
        return rows[0]?.count ?? 0;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      process.off('exit', onExit);
      try {
        if (running) await tool('pg_ctl', ['stop', '-w', '-D', dataDir, '-m', 'immediate']);
      } finally {
        running = false;
        removeFiles();
      }
    },
  };

  try {
    const initdbArgs = ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync'];
    await tool('initdb', ['-D', dataDir, ...initdbArgs]);
    await cluster.start();
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

/** The newest /usr/lib/postgresql/<version>/bin (Debian, Ubuntu); else null: initdb is on PATH. */
function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}
