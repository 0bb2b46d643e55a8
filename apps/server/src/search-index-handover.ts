import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexHandOver } from '@praxis/api';

// How the primary tells each process it starts its part in building the search index once
// (packages/api users.search-handover.ts); a process started without it builds its own.
const VARIABLE = 'PRAXIS_SEARCH_INDEX_HANDOVER';

/**
 * The primary's side, for a server of `count` processes: a folder for the hand-over, the part of
 * each process started with the server (the first builds and gives, the others take), and its
 * end. A process started later (in place of one that died) builds its own index.
 */
export function prepareIndexHandOver(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-search-index-'));
  let started = 0;
  return {
    /** The environment of the next process started with the server. */
    nextEnv(): Record<string, string> {
      started++;
      const part: IndexHandOver =
        started === 1 ? { dir, give: { takers: count - 1 } } : { dir, take: { taker: started - 1 } };
      return { [VARIABLE]: JSON.stringify(part) };
    },
    /** The giver died: whatever it has not given, the takers build themselves. */
    giverDied(): void {
      writeFileSync(join(dir, 'none'), '');
    },
    /** The folder and what is left in it (the links of takers that died first), removed. */
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
