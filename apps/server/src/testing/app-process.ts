import { fileURLToPath } from 'node:url';
import { type AppEntry, type AppProcessOptions, startAppProcess } from '@praxis/worker/testing';

const serverApp: AppEntry = { name: 'server', dir: fileURLToPath(new URL('../..', import.meta.url)) };

/**
 * This server (`src/main.ts`, as `pnpm start` runs it) as its own process; the worker's
 * `startAppProcess` runs it, as it runs the worker (`startWorkerProcess`).
 */
export function startServerAppProcess(env: Record<string, string>, options: AppProcessOptions = {}) {
  return startAppProcess(serverApp, env, options);
}
