import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOW_MS, randomUsers, uuidOf } from '../testing/search-index-users';
import { giveIndex, giveNone, takeIndex } from './users.search-handover';
import { type IndexedScope, type IndexedSort, SearchIndex } from './users.search-index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-handover-test-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const since = { xmax: '812', running: ['799', '805'] };
const wanted = { withinMs: 5_000, stillWanted: () => true };
const TERMS = ['ann', 'anna', 'son', 'mason', 'a.b', '100%', 'a m', '@ex', 'zoë', 'ürg', '😀s', 'ë z', 'zzz'];

/** Every answer of `index` over terms, organisations, filters, orders and windows, for comparing two. */
function answers(index: SearchIndex) {
  const filters: Pick<IndexedScope, 'roles' | 'statuses'>[] = [
    {},
    { roles: ['provider'] },
    { roles: ['admin', 'staff'], statuses: ['active'] },
    { statuses: ['suspended', 'pending'] },
  ];
  const all: unknown[] = [];
  for (const term of TERMS) {
    for (const organizationIds of [null, ['org-1'], ['org-0', 'org-2']]) {
      for (const archived of [false, true]) {
        for (const [i, filter] of filters.entries()) {
          const sortBy: IndexedSort = i % 2 ? 'lastActivity' : 'createdAt';
          const scope = { archived, organizationIds, ...filter, now: NOW_MS };
          all.push(index.match(term, scope, { offset: 1, limit: 6, descending: i < 2, sortBy }));
        }
      }
    }
  }
  return all;
}

describe('handing the search index over to the other processes of a server', () => {
  it('gives each taker the index as it was built, which then changes as the original does', async () => {
    const { random, someone } = randomUsers(11);
    const built = new SearchIndex();
    // Changes, removals (free slots, emptied lists of trigrams beyond ASCII) and texts replaced.
    for (let step = 0; step < 4_000; step++) {
      const id = uuidOf(random(900));
      if (random(5) === 0) built.remove(id);
      else built.upsert(someone(id));
    }
    built.compact();
    const before = answers(built);
    expect(before.filter((answer) => (answer as { total: number }).total > 0).length).toBeGreaterThan(100);

    await giveIndex({ dir, give: { takers: 2 } }, built, since);
    const first = await takeIndex({ dir, take: { taker: 1 } }, wanted);
    const second = await takeIndex({ dir, take: { taker: 2 } }, wanted);
    // Each taker unlinked its own link: the file is gone with the last of them.
    expect(await readdir(dir)).toEqual([]);
    for (const taken of [first, second]) {
      expect(taken?.since).toEqual(since);
      expect(taken?.index.size).toBe(built.size);
      expect(answers(taken?.index as SearchIndex)).toEqual(before);
      // Each array its own: none keeps the file's bytes alive.
      const arrays: ArrayBufferView[] = [];
      JSON.stringify(taken?.index.parts(), (_key, value: unknown) => {
        if (!ArrayBuffer.isView(value)) return value;
        arrays.push(value);
        return null;
      });
      expect(arrays.length).toBeGreaterThan(100);
      expect(arrays.filter((array) => array.buffer.byteLength !== array.byteLength)).toEqual([]);
    }

    // The same changes after the hand-over (as the change feed brings them to every process):
    // free slots reused, ids table grown, lists of the file's arrays grown and emptied.
    const taken = first?.index as SearchIndex;
    for (let step = 0; step < 3_000; step++) {
      const id = uuidOf(random(1_500));
      if (random(4) === 0) {
        built.remove(id);
        taken.remove(id);
      } else {
        const user = someone(id);
        built.upsert(user);
        taken.upsert(user);
      }
    }
    expect(taken.size).toBe(built.size);
    expect(answers(taken)).toEqual(answers(built));
    // The other taker's index is its own: untouched by the first one's changes.
    expect(answers(second?.index as SearchIndex)).toEqual(before);
  });

  it('gives an empty index as well', async () => {
    await giveIndex({ dir, give: { takers: 1 } }, new SearchIndex(), since);
    const taken = await takeIndex({ dir, take: { taker: 1 } }, wanted);
    expect(taken?.index.size).toBe(0);
    const { someone } = randomUsers(3);
    taken?.index.upsert({ ...someone(uuidOf(1)), text: 'anna@ex.test', archived: false });
    expect(taken?.index.match('ann', { archived: false, organizationIds: null })).toEqual({ total: 1 });
  });

  it('tells the takers at once when no index comes, and gives up waiting after a while', async () => {
    const none = { dir, take: { taker: 1 } };
    const waited = performance.now();
    expect(await takeIndex(none, { withinMs: 300, stillWanted: () => true })).toBeUndefined();
    expect(performance.now() - waited).toBeGreaterThanOrEqual(290);

    let wantedStill = true;
    setTimeout(() => {
      wantedStill = false;
    }, 150);
    const stopped = performance.now();
    expect(await takeIndex(none, { withinMs: 60_000, stillWanted: () => wantedStill })).toBeUndefined();
    expect(performance.now() - stopped).toBeLessThan(5_000);

    await giveNone(dir);
    const told = performance.now();
    expect(await takeIndex(none, { withinMs: 60_000, stillWanted: () => true })).toBeUndefined();
    expect(performance.now() - told).toBeLessThan(5_000);
  });

  it('refuses a file it did not write', async () => {
    await writeFile(join(dir, 'index-1'), 'a file of another kind');
    await expect(takeIndex({ dir, take: { taker: 1 } }, wanted)).rejects.toThrow(/not a search index file/);
  });
});
