import type { UserStatus } from '@praxis/db';
import { EXACT_TOTAL_LIMIT } from '@praxis/validators';
import { describe, expect, it } from 'vitest';
import { everyone, NOW_MS, randomUsers, uuidOf } from '../testing/search-index-users';
import {
  type IndexedScope,
  type IndexedSort,
  type IndexedUser,
  MAX_CHECKED,
  MAX_UNCHECKED,
  ROLE_BITS,
  SearchIndex,
} from './users.search-index';

const plain = { roles: [], status: 'active', suspendedUntil: null, lastActivity: null } as const;

/** What a scan of every user gives: the reference the index must agree with. */
function scanned(
  users: Map<string, IndexedUser>,
  term: string,
  scope: IndexedScope,
  sortBy: IndexedSort,
  descending: boolean,
) {
  const { organizationIds, roles, statuses } = scope;
  const key = (u: IndexedUser) => (sortBy === 'createdAt' ? u.createdAt : (u.lastActivity ?? -Infinity));
  // The rule as Postgres applies it, in microseconds (user-rules.ts has it for Date values).
  const now = NOW_MS * 1000;
  const shows = (u: IndexedUser, status: UserStatus) => {
    const lapsed = u.status === 'suspended' && u.suspendedUntil !== null && u.suspendedUntil <= now;
    if (status === 'active') return u.status === 'active' || lapsed;
    if (status === 'suspended') return u.status === 'suspended' && !lapsed;
    return u.status === status;
  };
  const matches = [...users.values()]
    .filter((u) => !u.archived && u.text.includes(term))
    .filter(
      (u) =>
        organizationIds === null || (u.organizationId !== null && organizationIds.includes(u.organizationId)),
    )
    .filter((u) => !roles?.length || u.roles.some((role) => roles.includes(role)))
    .filter((u) => !statuses?.length || statuses.some((status) => shows(u, status)))
    .sort((a, b) => {
      const order = key(a) === key(b) ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : key(a) < key(b) ? -1 : 1;
      return descending ? -order : order;
    });
  return { total: matches.length, ids: matches.slice(2, 9).map((u) => u.id) };
}

describe('the search index', () => {
  it('answers as a scan of every user does, through inserts, changes, archiving and removals', () => {
    const index = new SearchIndex();
    const users = new Map<string, IndexedUser>();
    const { random, someone } = randomUsers(7);
    for (let step = 0; step < 3_000; step++) {
      const id = uuidOf(random(600));
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
    const filters: Pick<IndexedScope, 'roles' | 'statuses'>[] = [
      {},
      { roles: ['provider'] },
      { roles: ['admin', 'staff'], statuses: ['active'] },
      { statuses: ['suspended'] },
      { statuses: ['pending', 'inactive'] },
      { roles: ['nobody'] },
    ];
    for (const term of [
      'ann',
      'anna',
      'son',
      'mason',
      'a.b',
      'x_y',
      '100%',
      'a m',
      'n s',
      '@ex',
      'zzz',
      'zoë',
      'ürg',
      '😀s',
      'ë z',
    ]) {
      for (const organizationIds of [null, ['org-1'], ['org-0', 'org-2'], ['nowhere']]) {
        for (const [i, filter] of filters.entries()) {
          const sortBy: IndexedSort = i % 2 ? 'lastActivity' : 'createdAt';
          const descending = i % 3 !== 2;
          const scope = { archived: false, organizationIds, ...filter, now: NOW_MS };
          const found = index.match(term, scope, { offset: 2, limit: 7, descending, sortBy });
          expect(found, `${term} ${JSON.stringify(scope)} ${sortBy}`).toEqual(
            scanned(users, term, scope, sortBy, descending),
          );
        }
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
        index.upsert({
          id: uuidOf(added),
          organizationId: null,
          archived: false,
          text,
          createdAt: added,
          ...plain,
        });
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

  it('estimates a checked term past EXACT_TOTAL_LIMIT matches from the texts checked, its windows exact', () => {
    const index = new SearchIndex();
    const users = new Map<string, IndexedUser>();
    const add = (i: number, text: string) => {
      const user: IndexedUser = {
        id: uuidOf(i),
        organizationId: null,
        archived: i % 10 === 9,
        text,
        createdAt: i,
        ...plain,
        roles: i % 4 ? ['staff'] : ['provider'],
        // Never active (null) ties: the window by last activity upwards falls among them.
        lastActivity: i % 5 ? ((i * 7_919) % 30_011) * 1_000 : null,
      };
      index.upsert(user);
      users.set(user.id, user);
    };
    // Every candidate of "wxyz" holds both its trigrams; one in three does not hold the term.
    for (let i = 1; i <= 30_000; i++) add(i, i % 3 ? `wxyz ${i}` : `xyz wxy ${i}`);
    for (const scope of [everyone, { ...everyone, roles: ['staff'] }, { ...everyone, roles: ['provider'] }]) {
      const exact = scanned(users, 'wxyz', scope, 'createdAt', true).total;
      for (const [sortBy, descending] of [
        ['createdAt', true],
        ['createdAt', false],
        ['lastActivity', true],
        ['lastActivity', false],
      ] as const) {
        const found = index.match('wxyz', scope, { offset: 2, limit: 7, descending, sortBy });
        const reference = scanned(users, 'wxyz', scope, sortBy, descending);
        expect(found?.ids, `${JSON.stringify(scope)} ${sortBy}`).toEqual(reference.ids);
        if (exact <= EXACT_TOTAL_LIMIT) expect(found?.total).toBe(exact);
        else {
          expect(found?.total).toBeGreaterThan(EXACT_TOTAL_LIMIT);
          expect(Math.abs((found?.total ?? 0) - exact) / exact).toBeLessThan(0.01);
        }
      }
    }
    // Exact up to the limit: 10,000 matches, then one more.
    const near = new SearchIndex();
    for (let i = 1; i <= 15_000; i++) {
      near.upsert({
        id: uuidOf(i),
        organizationId: null,
        archived: false,
        text: i <= 10_000 ? 'qrst' : 'qrs rst',
        createdAt: i,
        ...plain,
      });
    }
    expect(near.match('qrst', everyone)).toEqual({ total: EXACT_TOTAL_LIMIT });
    near.upsert({
      id: uuidOf(15_001),
      organizationId: null,
      archived: false,
      text: 'qrst',
      createdAt: 15_001,
      ...plain,
    });
    expect(near.match('qrst', everyone)?.total).toBeGreaterThan(EXACT_TOTAL_LIMIT);
  });

  it('filters by each of its first ROLE_BITS roles, and leaves role filters to Postgres past them', () => {
    const index = new SearchIndex();
    const roleOf = (i: number) => `role-${i}`;
    const addWithRole = (i: number) =>
      index.upsert({
        id: uuidOf(i + 1),
        organizationId: null,
        archived: i % 2 === 1,
        text: 'same text',
        createdAt: i,
        ...plain,
        status: i % 3 ? 'active' : 'suspended',
        roles: [roleOf(i), 'everyone'],
      });
    for (let i = 0; i < ROLE_BITS - 1; i++) addWithRole(i);
    // The last role takes the word's top bit (its sign).
    const last = ROLE_BITS - 2;
    for (const archived of [false, true]) {
      const scope = { archived, organizationIds: null, now: NOW_MS };
      const shown = (i: number) => (i % 2 === 1) === archived;
      expect(index.match('same', { ...scope, roles: [roleOf(last)] })).toEqual({
        total: Number(shown(last)),
      });
      expect(index.match('same', { ...scope, roles: [roleOf(0), roleOf(last)] })).toEqual({
        total: Number(shown(0)) + Number(shown(last)),
      });
      const everyRole = Array.from({ length: ROLE_BITS - 1 }, (_, i) => i);
      expect(index.match('same', { ...scope, roles: ['everyone'], statuses: ['suspended'] })).toEqual({
        total: everyRole.filter((i) => shown(i) && i % 3 === 0).length,
      });
    }
    addWithRole(ROLE_BITS - 1);
    expect(index.match('same', { ...everyone, roles: [roleOf(0)] })).toBeUndefined();
    expect(index.match('same', everyone)).toEqual({ total: ROLE_BITS / 2 });
  });

  it('leaves to Postgres a term with half of a surrogate pair, which Postgres receives as U+FFFD', () => {
    const index = new SearchIndex();
    index.upsert({
      id: uuidOf(1),
      organizationId: null,
      archived: false,
      text: 'zoë 😀 smile',
      createdAt: 1,
      ...plain,
    });
    expect(index.match('😀 sm', everyone)).toEqual({ total: 1 });
    expect(index.match('ë 😀', everyone)).toEqual({ total: 1 });
    expect(index.answerable('\uD83D smile')).toBe(false);
    expect(index.answerable('ë \uDE00')).toBe(false);
    expect(index.answerable('ë \uD83D')).toBe(false);
  });
});
