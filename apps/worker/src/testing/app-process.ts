import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface AppProcessOptions {
  /** A line of stdout or stderr that says the app is up; default /\bready\b|\blistening\b/i. */
  readyPattern?: RegExp;
  /** How long to wait for that line; default 20 s. */
  timeoutMs?: number;
}

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code (null when a signal ended it). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  kill(): void;
}

/** An app to run: its name (for messages) and its package folder, which holds `src/main.ts`. */
export interface AppEntry {
  name: string;
  dir: string;
}

const workerApp: AppEntry = { name: 'worker', dir: fileURLToPath(new URL('../..', import.meta.url)) };

// tsx as a loader inside one node process (not its CLI, which forks a child): signals and kill()
// reach the app itself, and no grandchild outlives a test.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The worker (`src/main.ts` of this app) as its own process: see startAppProcess. */
export function startWorkerProcess(env: Record<string, string>, options: AppProcessOptions = {}) {
  return startAppProcess(workerApp, env, options);
}

/**
 * Runs `<app.dir>/src/main.ts` as `pnpm start` does (tsx), with `env` over this process's
 * environment, and resolves once a line matches `readyPattern`. Rejects with the output so far
 * when the process exits or the timeout passes first. Each app passes its own folder (the
 * server's tests start the server this way), so nothing here knows where another app lives.
 */
export function startAppProcess(
  app: AppEntry,
  env: Record<string, string>,
  options: AppProcessOptions = {},
): Promise<AppProcess> {
  const { readyPattern = /\bready\b|\blistening\b/i, timeoutMs = 20_000 } = options;
  const child = spawn(process.execPath, ['--import', tsxLoader, 'src/main.ts'], {
    cwd: app.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const output = () => chunks.join('');
  // 'close' rather than 'exit': by then stdout and stderr are drained, so output() is complete.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  const handle: AppProcess = {
    child,
    output,
    async stop(signal = 'SIGTERM', stopTimeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), stopTimeoutMs);
      });
      const result = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
      if (result !== 'timeout') return result;
      child.kill('SIGKILL');
      throw new Error(
        `${app.name} did not exit within ${stopTimeoutMs} ms of ${signal}. Output:\n${output()}`,
      );
    },
    kill() {
      child.kill('SIGKILL');
    },
  };

  return new Promise<AppProcess>((resolve, reject) => {
    let pendingLine = '';
    let settled = false;
    const fail = (reason: string) => {
      settled = true;
      cleanup();
      reject(new Error(`${app.name} ${reason}. Output:\n${output()}`));
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      chunks.push(text);
      if (settled) return;
      const lines = (pendingLine + text).split('\n');
      pendingLine = lines.pop() ?? '';
      if (lines.some((line) => readyPattern.test(line))) {
        settled = true;
        cleanup();
        resolve(handle);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited (${signal ?? `code ${code}`}) before it was ready`);
    const onError = (error: Error) => fail(`could not start: ${error.message}`);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`was not ready within ${timeoutMs} ms`);
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('close', onExit);
      child.off('error', onError);
    };
    // Output is collected for the whole life of the process, not only until ready.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', onExit);
    child.once('error', onError);
  });
}
