import { describe, expect, it } from 'vitest';
import { type IndexedUser, MAX_CHECKED, MAX_UNCHECKED, SearchIndex } from './users.search-index';

const everyone = { archived: false, organizationIds: null };
const WORDS = ['ann', 'anna', 'hanna', 'son', 'mason', 'sonia', 'ma', 'a.b', 'x_y', '100%', ' m'];

/** What a scan of every user gives: the reference the index must agree with. */
function scanned(users: Map<string, IndexedUser>, term: string, organizationIds: string[] | null) {
  const matches = [...users.values()]
    .filter((u) => !u.archived && u.text.includes(term))
    .filter(
      (u) =>
        organizationIds === null || (u.organizationId !== null && organizationIds.includes(u.organizationId)),
    )
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { total: matches.length, ids: matches.slice(0, 7).map((u) => u.id) };
}

describe('the search index', () => {
  it('answers as a scan of every user does, through inserts, changes, archiving and removals', () => {
    const index = new SearchIndex();
    const users = new Map<string, IndexedUser>();
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const someone = (id: string): IndexedUser => ({
      id,
      organizationId: random(4) === 0 ? null : `org-${random(3)}`,
      archived: random(5) === 0,
      text: `${WORDS[random(WORDS.length)]} ${WORDS[random(WORDS.length)]}@ex.test`,
      createdAt: 1_700_000_000_000_000 + random(50) * 1_000_000,
    });
    for (let step = 0; step < 3_000; step++) {
      const id = `u${String(random(600)).padStart(4, '0')}`;
      if (random(6) === 0) {
        index.remove(id);
        users.delete(id);
      } else {
        const user = someone(id);
        index.upsert(user);
        users.set(id, user);
      }
    }
    expect(index.size).toBe(users.size);
    for (const term of ['ann', 'anna', 'son', 'mason', 'a.b', 'x_y', '100%', 'a m', 'n s', '@ex', 'zzz']) {
      for (const organizationIds of [null, ['org-1'], ['org-0', 'org-2'], ['nowhere']]) {
        const found = index.match(
          term,
          { archived: false, organizationIds },
          { offset: 0, limit: 7, descending: true },
        );
        expect(found, `${term} ${organizationIds}`).toEqual(scanned(users, term, organizationIds));
      }
    }
    expect(index.match('an', everyone)).toBeUndefined();
  });

  it('leaves to Postgres a term with too many candidates to go through', () => {
    const index = new SearchIndex();
    let added = 0;
    const add = (count: number, text: string) => {
      for (let i = 0; i < count; i++) {
        added++;
        index.upsert({ id: `user-${added}`, organizationId: null, archived: false, text, createdAt: added });
      }
    };
    add(MAX_CHECKED, 'wxyz');
    expect(index.match('wxyz', everyone)).toEqual({ total: MAX_CHECKED });
    add(1, 'wxyz');
    expect(index.answerable('wxyz')).toBe(false);
    expect(index.match('wxyz', everyone)).toBeUndefined();
    expect(index.match('wxy', everyone)).toEqual({ total: MAX_CHECKED + 1 });
    add(MAX_UNCHECKED - MAX_CHECKED, 'wxy');
    expect(index.answerable('wxy')).toBe(false);
  });
});
