import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, signedIn, withPresence } from '../testing';

// The API's view of realtime presence (users.get / users.list / dashboard.summary) with the real
// Redis presence model behind ctx.presence; sockets themselves are tested in apps/server.
let base: ApiDeps & { close(): Promise<void> };
let presence: ReturnType<typeof withPresence>;
beforeAll(async () => {
  base = await createTestDeps();
  presence = withPresence(base);
});
afterAll(() => base.close());

async function clinicWithViewer() {
  const org = await createTestOrg(base.db);
  const { user: viewer } = await createTestUser(base.db, { roles: ['client_admin'], organizationId: org.id });
  const online = (await createTestUser(base.db, { roles: ['staff'], organizationId: org.id })).user;
  const offline = (await createTestUser(base.db, { roles: ['staff'], organizationId: org.id })).user;
  const { caller } = await signedIn(presence.deps, viewer);
  return { org, viewer, online, offline, caller };
}

describe('presence in the API', () => {
  it('users.get shows isOnline while a socket is open, and not after it closes', async () => {
    const { online, caller } = await clinicWithViewer();
    const close = await presence.connect(online);
    expect(await caller.users.get({ id: online.id })).toMatchObject({ id: online.id, isOnline: true });

    await close();
    expect(await caller.users.get({ id: online.id })).toMatchObject({ id: online.id, isOnline: false });
  });

  it('users.list marks online users and filters on online, within the caller’s organisations', async () => {
    const { org, online, offline, caller } = await clinicWithViewer();
    const elsewhere = (
      await createTestUser(base.db, { roles: ['staff'], organizationId: (await createTestOrg(base.db)).id })
    ).user;
    await presence.connect(online);
    await presence.connect(elsewhere);

    const onlineOnly = await caller.users.list({ filters: { online: true, organizationId: org.id } });
    expect(onlineOnly.items.map((user) => user.id)).toEqual([online.id]);
    expect(onlineOnly.items[0]).toMatchObject({ isOnline: true });

    const offlineOnes = await caller.users.list({ filters: { online: false, organizationId: org.id } });
    expect(offlineOnes.items.map((user) => user.id)).toContain(offline.id);
    expect(offlineOnes.items.map((user) => user.id)).not.toContain(online.id);
    expect(offlineOnes.items.every((user) => user.isOnline === false)).toBe(true);
  });

  it('dashboard.summary counts the online users the caller may read', async () => {
    const { online, caller } = await clinicWithViewer();
    const before = (await caller.dashboard.summary()).onlineUsers;
    const outsider = (await createTestUser(base.db, { organizationId: (await createTestOrg(base.db)).id }))
      .user;
    await presence.connect(online);
    await presence.connect(outsider);

    expect((await caller.dashboard.summary()).onlineUsers).toBe((before ?? Number.NaN) + 1);
  });
});
