import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexHandOver } from '@praxis/api';
import type { Logger } from 'pino';

// How the primary tells each process it starts its part in building the search index once
// (packages/api users.search-handover.ts); a process started without it builds its own.
const VARIABLE = 'PRAXIS_SEARCH_INDEX_HANDOVER';
const PREFIX = 'praxis-search-index-';

/**
 * The primary's side, for a server of `count` processes: a folder for the hand-over, the part of
 * each process started with the server (the first builds and gives, the others take), and its
 * end. A process started later (in place of one that died) builds its own index, as all do when
 * the folder cannot be made (undefined).
 */
export function prepareIndexHandOver(count: number, logger: Logger, folder = tmpdir()) {
  let dir: string;
  try {
    removeFoldersOfStoppedServers(folder);
    dir = mkdtempSync(join(folder, `${PREFIX}${process.pid}-`));
  } catch (error) {
    logger.warn(
      { err: error, folder },
      'user search: no folder to hand the index over in (TMPDIR); each process builds its own',
    );
    return undefined;
  }
  let started = 0;
  return {
    /**
     * The environment of the next process started with the server, and what to do when it stops:
     * the giver's takers then build their own index if it gave none; a taker's link goes with it.
     */
    next(): { env: Record<string, string>; stopped(): void } {
      started++;
      const taker = started - 1;
      const part: IndexHandOver =
        taker === 0 ? { dir, give: { takers: count - 1 } } : { dir, take: { taker } };
      return {
        env: { [VARIABLE]: JSON.stringify(part) },
        stopped() {
          // The folder is gone once the server stops.
          if (!existsSync(dir)) return;
          if (taker === 0) writeFileSync(join(dir, 'none'), '');
          else rmSync(join(dir, `index-${taker}`), { force: true });
        },
      };
    },
    /** The folder and what is left in it, removed. */
    end(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** This process's part, as the primary gave it; undefined when it gave none. */
export function indexHandOverOf(env: NodeJS.ProcessEnv): IndexHandOver | undefined {
  const given = env[VARIABLE];
  if (!given) return undefined;
  const part = JSON.parse(given) as IndexHandOver;
  return 'give' in part || 'take' in part ? part : undefined;
}

/** Folders a server's primary left when it was killed (a file there can hold an index of 1M users, ~350 MB). */
function removeFoldersOfStoppedServers(folder: string): void {
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) {
      rmSync(join(folder, name), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
