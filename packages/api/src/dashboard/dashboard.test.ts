import { createTestOrg, createTestUser, randomSuffix } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import type { PresenceReader } from '../presence-reader';
import { createTestDeps, signedIn, withIsolatedDatabase } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

/** Presence that says exactly these users are online. */
const onlineOnly = (ids: string[]): PresenceReader => ({
  allOnline: async () => ids,
  onlineAmong: async (among) => new Set(among.filter((id) => ids.includes(id))),
});

describe('dashboard.summary', () => {
  it("counts the caller's organisation only, with presence and the latest activity", async () => {
    const org = await createTestOrg(deps.db);
    const other = await createTestOrg(deps.db);
    const lastMonth = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1) - 86_400_000,
    );
    const make = (extra: Parameters<typeof createTestUser>[1]) =>
      createTestUser(deps.db, { organizationId: org.id, createdAt: lastMonth, ...extra }).then((r) => r.user);
    const admin = await make({ roles: ['client_admin'] });
    const provider = await make({ roles: ['provider'], clinical: true, createdAt: new Date() });
    await make({ roles: ['staff'], status: 'inactive' });
    await make({ roles: ['staff'], status: 'suspended', suspendedUntil: new Date(Date.now() - 1000) });
    await make({ roles: ['provider'], archivedAt: new Date() });
    const { user: outsider } = await createTestUser(deps.db, {
      roles: ['provider'],
      organizationId: other.id,
    });

    const { caller } = await signedIn({ ...deps, presence: onlineOnly([provider.id, outsider.id]) }, admin);
    await caller.users.update({ id: provider.id, patch: { title: 'Dr' } });
    const summary = await caller.dashboard.summary();
    expect(summary).toMatchObject({
      totalUsers: 4,
      activeUsers: 3,
      newUsersThisMonth: 1,
      clinicalUsers: 1,
      providerUsers: 1,
      onlineUsers: 1,
    });
    expect(summary.recentActivity[0]).toEqual({
      userId: admin.id,
      action: 'users.update',
      timestamp: expect.any(Date),
    });
    expect(summary.recentActivity.length).toBeLessThanOrEqual(20);
  });

  it('lets a supervisor see their organisation and support every organisation', async () => {
    const org = await createTestOrg(deps.db);
    const { user: supervisor } = await createTestUser(deps.db, {
      roles: ['supervisor'],
      organizationId: org.id,
    });
    expect((await (await signedIn(deps, supervisor)).caller.dashboard.summary()).totalUsers).toBe(1);
    const { user: support } = await createTestUser(deps.db, { roles: ['support'] });
    expect((await (await signedIn(deps, support)).caller.dashboard.summary()).totalUsers).toBeGreaterThan(1);
  });
});

describe('dashboard.summary activeUsers', () => {
  it('does not count members of a deactivated or archived organisation', async () => {
    // A Redis prefix of its own too: the all-organisations counts of other tests stay cached a while.
    const redisPrefix = `${deps.config.redisPrefix}:${randomSuffix()}`;
    const isolated = await withIsolatedDatabase({ ...deps, config: { ...deps.config, redisPrefix } });
    try {
      const open = await createTestOrg(isolated.db);
      const closed = await createTestOrg(isolated.db, { status: 'inactive' });
      const archived = await createTestOrg(isolated.db, { archivedAt: new Date() });
      const { user: admin } = await createTestUser(isolated.db, { roles: ['admin'] });
      for (const organizationId of [open.id, closed.id, archived.id])
        await createTestUser(isolated.db, { organizationId });
      await createTestUser(isolated.db, {
        organizationId: closed.id,
        status: 'suspended',
        suspendedUntil: new Date(Date.now() - 1000),
      });
      const { caller } = await signedIn(isolated, admin);
      expect(await caller.dashboard.summary()).toMatchObject({ totalUsers: 5, activeUsers: 2 });
    } finally {
      await isolated.close();
    }
  });
});

describe('a client admin without an organisation', () => {
  it('sees no users, zero counts and no activity (and no error)', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId: null });
    const { caller } = await signedIn(deps, user);
    expect(await caller.dashboard.summary()).toMatchObject({
      totalUsers: 0,
      onlineUsers: 0,
      recentActivity: [],
    });
    expect((await caller.users.list({})).items).toEqual([]);
    expect((await caller.audit.list({})).items).toEqual([]);
    expect((await caller.users.filterOptions()).organizations).toEqual([]);
  });
});

describe('presence in users.list', () => {
  it('marks online users and filters by online', async () => {
    const org = await createTestOrg(deps.db);
    const { user: admin } = await createTestUser(deps.db, {
      roles: ['client_admin'],
      organizationId: org.id,
    });
    const { user: online } = await createTestUser(deps.db, { organizationId: org.id });
    const { caller } = await signedIn({ ...deps, presence: onlineOnly([online.id]) }, admin);
    const page = await caller.users.list({ filters: { online: true } });
    expect(page.items.map((u) => [u.id, u.isOnline])).toEqual([[online.id, true]]);
    expect((await caller.users.get({ id: admin.id })).isOnline).toBe(false);
  });
});
