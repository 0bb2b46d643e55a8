import { seedDemo } from '@praxis/db/seed';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, fieldErrorsOf, signedIn, withIsolatedDatabase } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const DAY = 86_400_000;

/** An organisation with a known set of users and a client admin who sees only them. */
async function clinic() {
  const org = await createTestOrg(deps.db);
  const make = (firstName: string, lastName: string, extra: Parameters<typeof createTestUser>[1] = {}) =>
    createTestUser(deps.db, { firstName, lastName, organizationId: org.id, ...extra }).then((r) => r.user);
  const { user: viewer } = await createTestUser(deps.db, {
    roles: ['client_admin'],
    organizationId: org.id,
    firstName: 'Viewer',
    lastName: 'Zz',
    createdAt: new Date(Date.now() - 400 * DAY),
  });
  const users = {
    ann: await make('Ann', 'Smith', {
      roles: ['provider'],
      clinical: true,
      createdAt: new Date(Date.now() - 3 * DAY),
      lastActivity: new Date(Date.now() - 60_000),
    }),
    bob: await make('Bob', 'Smithers', {
      roles: ['staff'],
      createdAt: new Date(Date.now() - 2 * DAY),
      username: `bob_${org.id.slice(0, 8)}`,
    }),
    cat: await make('Cat', 'Jones', {
      roles: ['parent'],
      status: 'pending',
      createdAt: new Date(Date.now() - 1 * DAY),
    }),
    dan: await make('Dan', '100%_real\\', {
      roles: ['billing'],
      status: 'suspended',
      suspendedUntil: new Date(Date.now() + DAY),
      createdAt: new Date(Date.now() - 5 * DAY),
    }),
    eve: await make('Eve', 'Lapsed', {
      roles: ['provider', 'supervisor'],
      status: 'suspended',
      suspendedUntil: new Date(Date.now() - 1000),
      createdAt: new Date(Date.now() - 6 * DAY),
    }),
    old: await make('Old', 'Archived', {
      roles: ['staff'],
      archivedAt: new Date(),
      createdAt: new Date(Date.now() - 7 * DAY),
    }),
  };
  return { org, users, viewer, ...(await signedIn(deps, viewer)) };
}

const names = (page: { items: { firstName: string }[] }) => page.items.map((u) => u.firstName);

describe('users.list', () => {
  it('pages with page/pageSize/total/totalPages, newest first, archived users hidden', async () => {
    const { caller } = await clinic();
    const first = await caller.users.list({ pageSize: 2 });
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 6, totalPages: 3, totalExact: true });
    expect(names(first)).toEqual(['Cat', 'Bob']);
    const third = await caller.users.list({ page: 3, pageSize: 2 });
    expect(names(third)).toEqual(['Eve', 'Viewer']);
    expect(third.nextCursor).toBeNull();
    expect(names(await caller.users.list({ page: 9, pageSize: 2 }))).toEqual([]);
  });

  it('pages by cursor to the same rows as by page, with the page number carried along', async () => {
    const { caller } = await clinic();
    const byPage = [1, 2, 3].map((page) =>
      caller.users.list({ page, pageSize: 2, sortBy: 'lastName', sortDir: 'ASC' }),
    );
    const expected = (await Promise.all(byPage)).flatMap(names);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await caller.users.list({
        pageSize: 2,
        sortBy: 'lastName',
        sortDir: 'asc',
        ...(cursor ? { cursor } : {}),
      });
      pages += 1;
      expect(answer.page).toBe(pages);
      seen.push(...names(answer));
      cursor = answer.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(seen).toEqual(
      ['Dan', 'Ann', 'Eve', 'Bob', 'Cat', 'Viewer'].sort((a, b) => expected.indexOf(a) - expected.indexOf(b)),
    );
  });

  it('refuses a cursor of another sort, a forged cursor, and page together with cursor', async () => {
    const { caller } = await clinic();
    const { nextCursor } = await caller.users.list({ pageSize: 1 });
    if (!nextCursor) throw new Error('expected a cursor');
    for (const input of [
      { cursor: nextCursor, sortBy: 'email' as const },
      { cursor: 'bm90IGEgY3Vyc29y' },
      { cursor: nextCursor, page: 2 },
    ]) {
      const error = await errorOf(caller.users.list({ pageSize: 1, ...input }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(fieldErrorsOf(error).cursor).toBeDefined();
    }
  });

  it('refuses forged cursors (impossible timestamps, foreign sorts) as BAD_REQUEST, never a 500', async () => {
    const { caller } = await clinic();
    const forge = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const value of ['not a date', '2026-02-30 10:00:00+00', '2026-01-01 24:00:00+00']) {
      const error = await errorOf(
        caller.users.list({ cursor: forge(['users:createdAt:desc', value, crypto.randomUUID(), 2]) }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(fieldErrorsOf(error).cursor).toBeDefined();
    }
    const valid = forge(['users:createdAt:desc', '2026-01-01 10:00:00.5+00', crypto.randomUUID(), 2]);
    expect((await caller.users.list({ cursor: valid })).page).toBe(2);
  });

  it('answers the real total for a page past the end', async () => {
    const { caller } = await clinic();
    expect(await caller.users.list({ page: 999_999, pageSize: 100 })).toMatchObject({
      items: [],
      total: 6,
      totalExact: true,
    });
  });

  it('sorts by each whitelisted field, direction in any case; never-active users count as oldest', async () => {
    const { caller } = await clinic();
    expect(names(await caller.users.list({ sortBy: 'firstName', sortDir: 'ASC' }))).toEqual([
      'Ann',
      'Bob',
      'Cat',
      'Dan',
      'Eve',
      'Viewer',
    ]);
    expect(names(await caller.users.list({ sortBy: 'firstName', sortDir: 'Desc' }))[0]).toBe('Viewer');
    expect(names(await caller.users.list({ sortBy: 'lastActivity' }))[0]).toBe('Ann');
    expect(names(await caller.users.list({ sortBy: 'lastActivity', sortDir: 'asc' })).at(-1)).toBe('Ann');
    for (const sortBy of ['createdAt', 'email', 'lastLoginAt'] as const) {
      expect((await caller.users.list({ sortBy })).items).toHaveLength(6);
    }
    const unknown = await errorOf(caller.users.list({ sortBy: 'passwordHash' as never }));
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(unknown).sortBy).toBeDefined();
  });

  it('searches substrings of email, names, "first last" and username, case-insensitively', async () => {
    const { caller, users } = await clinic();
    expect(names(await caller.users.list({ search: 'SMITH', sortBy: 'firstName', sortDir: 'asc' }))).toEqual([
      'Ann',
      'Bob',
    ]);
    expect(names(await caller.users.list({ search: '  ann   smith ' }))).toEqual(['Ann']);
    expect(names(await caller.users.list({ search: users.bob.username ?? 'missing' }))).toEqual(['Bob']);
    expect(names(await caller.users.list({ search: users.cat.email.slice(0, 12) }))).toEqual(['Cat']);
  });

  it('matches %, _ and \\ literally', async () => {
    const { caller } = await clinic();
    expect(names(await caller.users.list({ search: '100%_real\\' }))).toEqual(['Dan']);
    expect(names(await caller.users.list({ search: '%' }))).toEqual(['Dan']);
    expect(names(await caller.users.list({ search: '%_real' }))).toEqual(['Dan']);
    expect(names(await caller.users.list({ search: 's_ith' }))).toEqual([]);
  });

  it('combines filters; a lapsed suspension counts as active', async () => {
    const { caller, org } = await clinic();
    const list = (filters: object) => caller.users.list({ sortBy: 'firstName', sortDir: 'asc', filters });
    expect(names(await list({ active: true }))).toEqual(['Ann', 'Bob', 'Eve', 'Viewer']);
    expect(names(await list({ active: false }))).toEqual(['Cat', 'Dan']);
    expect(names(await list({ status: ['suspended'] }))).toEqual(['Dan']);
    expect(names(await list({ status: ['pending', 'suspended'] }))).toEqual(['Cat', 'Dan']);
    expect(names(await list({ roles: ['provider', 'billing'] }))).toEqual(['Ann', 'Dan', 'Eve']);
    expect(
      names(await list({ roles: ['provider'], clinical: true, active: true, organizationId: org.id })),
    ).toEqual(['Ann']);
    expect(names(await list({ archived: true }))).toEqual(['Old']);
    expect(names(await list({ online: true }))).toEqual([]);
    expect(names(await list({ online: false, roles: ['staff'] }))).toEqual(['Bob']);
    const twoDaysAgo = new Date(Date.now() - 2 * DAY - 60_000);
    expect(names(await list({ createdFrom: twoDaysAgo }))).toEqual(['Bob', 'Cat']);
    const today = new Date().toISOString().slice(0, 10);
    expect(names(await list({ createdFrom: twoDaysAgo, createdTo: today }))).toEqual(['Bob', 'Cat']);
    const unknownFilter = await errorOf(caller.users.list({ filters: { role: 'parent' } as never }));
    expect(unknownFilter.code).toBe('BAD_REQUEST');
  });

  it('shows a client admin only their organisation, even when asked for another', async () => {
    const { caller } = await clinic();
    const other = await clinic();
    const answer = await caller.users.list({ filters: { organizationId: other.org.id } });
    expect(answer.items).toEqual([]);
    expect(answer.total).toBe(0);
  });

  it('users.active and users.archived are the shortcuts of users.list', async () => {
    const { caller } = await clinic();
    expect(names(await caller.users.active({})).sort()).toEqual(['Ann', 'Bob', 'Eve', 'Viewer']);
    expect(names(await caller.users.archived())).toEqual(['Old']);
  });

  it('refuses huge page sizes, negative pages and over-long searches with fieldErrors', async () => {
    const { caller } = await clinic();
    for (const [input, field] of [
      [{ pageSize: 1000 }, 'pageSize'],
      [{ page: -1 }, 'page'],
      [{ page: 1.5 }, 'page'],
      [{ search: 'x'.repeat(201) }, 'search'],
      [{ sortDir: 'sideways' }, 'sortDir'],
      [{ filters: { status: ['gone'] } }, 'filters.status.0'],
      [{ filters: { createdFrom: 'yesterday' } }, 'filters.createdFrom'],
    ] as const) {
      const error = await errorOf(caller.users.list(input as never));
      expect(error.code).toBe('BAD_REQUEST');
      expect(Object.keys(fieldErrorsOf(error))).toContain(field);
    }
  });
});

describe("an admin's whole list", () => {
  it('pages by offset and by cursor in every sort, each call with its own position, new users included', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'], firstName: 'Admin' });
      for (let i = 0; i < 44; i++) {
        await createTestUser(isolated.db, {
          firstName: `First${String(i).padStart(2, '0')}`,
          lastName: `Last${String(43 - i).padStart(2, '0')}`,
          createdAt: new Date(Date.now() - (i + 1) * 60_000),
          ...(i % 9 === 0 && { archivedAt: new Date() }),
        });
      }
      const { caller } = await signedIn(isolated, admin);
      const expected = async (sortBy: 'createdAt' | 'firstName' | 'lastName', sortDir: 'asc' | 'desc') => {
        const rows = await isolated.db
          .selectFrom('users')
          .select('id')
          .where('archivedAt', 'is', null)
          .orderBy(sortBy, sortDir)
          .orderBy('id', sortDir)
          .execute();
        return rows.map((row) => row.id);
      };
      for (const [sortBy, sortDir] of [
        ['createdAt', 'desc'],
        ['firstName', 'asc'],
        ['lastName', 'desc'],
      ] as const) {
        const ids = await expected(sortBy, sortDir);
        expect(ids).toHaveLength(40);
        const byPage = async (page: number) => caller.users.list({ sortBy, sortDir, pageSize: 15, page });
        const after = async (cursor: string | null) =>
          caller.users.list({ sortBy, sortDir, pageSize: 15, cursor: cursor ?? '' });
        // The same shape (offset) twice with different positions, then the first page and cursors.
        expect((await byPage(3)).items.map((u) => u.id)).toEqual(ids.slice(30, 40));
        expect((await byPage(2)).items.map((u) => u.id)).toEqual(ids.slice(15, 30));
        const first = await byPage(1);
        expect(first).toMatchObject({ total: 40, totalExact: true, totalPages: 3 });
        expect(first.items.map((u) => u.id)).toEqual(ids.slice(0, 15));
        const second = await after(first.nextCursor);
        expect(second.items.map((u) => u.id)).toEqual(ids.slice(15, 30));
        const third = await after(second.nextCursor);
        expect(third.items.map((u) => u.id)).toEqual(ids.slice(30, 40));
        expect(third.nextCursor).toBeNull();
      }
      const { user: newest } = await createTestUser(isolated.db, { firstName: 'Newest' });
      const now = await caller.users.list({ pageSize: 15 });
      expect(now.items[0]?.id).toBe(newest.id);
      expect(now.total).toBe(41);
    } finally {
      await isolated.close();
    }
  });
});

describe('members of a deactivated or archived organisation', () => {
  it('are not active: filters.active, users.active and isActive follow the one rule', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const open = await createTestOrg(isolated.db);
      const closed = await createTestOrg(isolated.db, { status: 'inactive' });
      const archived = await createTestOrg(isolated.db, { archivedAt: new Date() });
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'], firstName: 'Admin' });
      const member = (firstName: string, organizationId: string, extra: object = {}) =>
        createTestUser(isolated.db, { firstName, organizationId, ...extra });
      await member('Open', open.id);
      await member('Closed', closed.id);
      await member('Shelved', archived.id);
      await member('Lapsed', closed.id, { status: 'suspended', suspendedUntil: new Date(Date.now() - 1000) });
      const { caller } = await signedIn(isolated, admin);
      const list = (filters: object) => caller.users.list({ sortBy: 'firstName', sortDir: 'asc', filters });

      expect(names(await list({ active: true }))).toEqual(['Admin', 'Open']);
      expect(names(await list({ active: false }))).toEqual(['Closed', 'Lapsed', 'Shelved']);
      expect(names(await caller.users.active({})).sort()).toEqual(['Admin', 'Open']);
      // Their own status stays active (the account was not touched); isActive says they cannot sign in.
      const all = (await list({})).items.map((u) => [u.firstName, u.status, u.isActive]);
      expect(all).toEqual([
        ['Admin', 'active', true],
        ['Closed', 'active', false],
        ['Lapsed', 'active', false],
        ['Open', 'active', true],
        ['Shelved', 'active', false],
      ]);
      expect(names(await list({ status: ['active'] }))).toEqual([
        'Admin',
        'Closed',
        'Lapsed',
        'Open',
        'Shelved',
      ]);
      const closedMember = (await list({ organizationId: closed.id })).items[0];
      expect(closedMember && (await caller.users.get({ id: closedMember.id })).isActive).toBe(false);
    } finally {
      await isolated.close();
    }
  });
});

describe('users.filterOptions', () => {
  it('lists roles, statuses, sort fields and only the organisations the caller may read', async () => {
    const { caller, org } = await clinic();
    const options = await caller.users.filterOptions();
    expect(options.roles).toContain('client_admin');
    expect(options.statuses).toEqual(['pending', 'active', 'inactive', 'suspended']);
    expect(options.sortFields).toEqual([
      'createdAt',
      'email',
      'firstName',
      'lastName',
      'lastActivity',
      'lastLoginAt',
    ]);
    expect(options.organizations).toEqual([{ id: org.id, name: org.name }]);
  });
});

describe('totals beyond 10,000', () => {
  it('are estimates (totalExact false) while narrower lists stay exact', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      await seedDemo(isolated.db, { users: 12_000, organizations: 2 });
      await sql`analyze users`.execute(isolated.db);
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'] });
      const { caller } = await signedIn(isolated, admin);
      const broad = await caller.users.list({ pageSize: 50 });
      expect(broad.totalExact).toBe(false);
      expect(broad.total).toBeGreaterThan(10_000);
      expect(broad.totalPages).toBe(Math.ceil(broad.total / 50));
      const narrow = await caller.users.list({ search: 'zephyrine' });
      expect(narrow).toMatchObject({ totalExact: true, total: narrow.items.length });
      expect(narrow.items.length).toBeGreaterThan(0);
    } finally {
      await isolated.close();
    }
  });
});
