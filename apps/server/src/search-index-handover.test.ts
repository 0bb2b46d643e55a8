import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexHandOverOf, prepareIndexHandOver } from './search-index-handover';

type Handover = NonNullable<ReturnType<typeof prepareIndexHandOver>>;
const silent = pino({ level: 'silent' });
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'praxis-handover-primary-test-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe("the primary's part in building the search index once", () => {
  it('gives the first process the building, the others a taker number each, in one folder', () => {
    const handOver = prepareIndexHandOver(3, silent, folder) as Handover;
    const parts = [handOver.next(), handOver.next(), handOver.next()];
    const [giver, first, second] = parts.map((part) => indexHandOverOf(part.env));
    const dir = giver?.dir as string;
    expect(giver).toEqual({ dir, give: { takers: 2 } });
    expect(first).toEqual({ dir, take: { taker: 1 } });
    expect(second).toEqual({ dir, take: { taker: 2 } });
    expect(basename(dir)).toMatch(new RegExp(`^praxis-search-index-${process.pid}-`));
    expect(indexHandOverOf({})).toBeUndefined();

    // A taker that stops takes its link with it; a giver that stops tells the takers none comes.
    writeFileSync(join(dir, 'index-1'), 'an index');
    writeFileSync(join(dir, 'index-2'), 'an index');
    parts[1]?.stopped();
    parts[0]?.stopped();
    expect(readdirSync(dir).sort()).toEqual(['index-2', 'none']);

    handOver.end();
    expect(existsSync(dir)).toBe(false);
    // Processes stopping after the server stopped find no folder, and leave it so.
    parts[2]?.stopped();
    parts[0]?.stopped();
    expect(existsSync(dir)).toBe(false);
  });

  it('removes the folders of servers whose primary was killed, not those of running ones', () => {
    // Linux's pids stay below 4,194,304: no process has 4194305.
    const killed = join(folder, 'praxis-search-index-4194305-a1b2c3');
    const running = join(folder, `praxis-search-index-${process.pid}-d4e5f6`);
    const other = join(folder, 'praxis-other-4194305');
    for (const dir of [killed, running, other]) mkdirSync(dir);
    writeFileSync(join(killed, 'index-1'), 'an index left behind');

    const handOver = prepareIndexHandOver(2, silent, folder) as Handover;
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(other)).toBe(true);
    handOver.end();
  });

  it('leaves each process to build its own when the folder cannot be made', () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    expect(prepareIndexHandOver(2, logger, join(folder, 'missing'))).toBeUndefined();
    expect(warnings.join('')).toMatch(/each process builds its own/);
  });
});
