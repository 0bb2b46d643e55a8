import { createTestOrg } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { APP_URL, connectPresence, type PresenceClient, RefusedError, sleep, startCluster } from '../testing';

async function open(port: number, options: Parameters<typeof connectPresence>[1]) {
  const client = await connectPresence(port, options);
  onTestFinished(() => client.close());
  return client;
}

async function lastActivityOf(db: Awaited<ReturnType<typeof startCluster>>['db'], userId: string) {
  const row = await db
    .selectFrom('users')
    .select('lastActivity')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.lastActivity;
}

const snapshotOf = (client: PresenceClient) =>
  client.heard.find((entry) => entry.event === 'presence:snapshot')?.payload as
    | { users: Array<{ userId: string; online: boolean }> }
    | undefined;

describe('presence across two server instances', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let portA: number;
  let portB: number;
  beforeAll(async () => {
    cluster = await startCluster({ servers: 2 });
    [portA, portB] = cluster.servers.map((server) => server.port) as [number, number];
  }, 120_000);
  afterAll(() => cluster?.close());

  it('one user in two tabs on two instances: online once, no flap, offline after the last tab', async () => {
    const org = await createTestOrg(cluster.db);
    const admin = await cluster.userWithSession(['admin'], org.id);
    const user = await cluster.userWithSession(['staff'], org.id);
    const viewer = await open(portA, { token: admin.token });
    await vi.waitFor(() => expect(snapshotOf(viewer)).toBeDefined());

    const tab1 = await open(portB, { token: user.token });
    const connectedAt = Date.now();
    await vi.waitFor(() => expect(viewer.updatesAbout(user.user.id)).toHaveLength(1), { timeout: 5_000 });
    const [online] = viewer.updatesAbout(user.user.id);
    expect(online).toMatchObject({ userId: user.user.id, online: true });
    expect(viewer.heard.at(-1)!.at - connectedAt).toBeLessThan(1_000);

    const tab2 = await open(portA, { token: user.token });
    // A tab is recorded just after its handshake answers; nobody closes the old tab within 200 ms.
    await sleep(200);
    tab1.close();
    await sleep(700);
    expect(viewer.updatesAbout(user.user.id)).toHaveLength(1);

    tab2.socket.emit('activity');
    await sleep(50);
    const lastTabClosedAt = Date.now();
    tab2.close();
    await vi.waitFor(() => expect(viewer.updatesAbout(user.user.id)).toHaveLength(2), { timeout: 5_000 });
    expect(viewer.heard.at(-1)!.at - lastTabClosedAt).toBeLessThan(1_000);
    const offline = viewer.updatesAbout(user.user.id)[1]!;
    expect(offline).toMatchObject({ userId: user.user.id, online: false });
    expect(Date.parse(offline.lastActivity ?? '')).toBeGreaterThanOrEqual(lastTabClosedAt - 100);

    // Saved shortly after going offline (an earlier, older value may land first from a heartbeat flush).
    await vi.waitFor(
      async () =>
        expect((await lastActivityOf(cluster.db, user.user.id))?.toISOString()).toBe(offline.lastActivity),
      { timeout: 3_000 },
    );
  });

  it('a client admin hears only their organisation; a staff socket hears nothing', async () => {
    const [orgA, orgB] = [await createTestOrg(cluster.db), await createTestOrg(cluster.db)];
    const earlyB = await cluster.userWithSession(['provider'], orgB.id);
    const earlyA = await cluster.userWithSession(['provider'], orgA.id);
    await open(portA, { token: earlyB.token });
    await open(portA, { token: earlyA.token });

    const clientAdminA = await open(portB, {
      token: (await cluster.userWithSession(['client_admin'], orgA.id)).token,
    });
    const staffA = await open(portB, { token: (await cluster.userWithSession(['staff'], orgA.id)).token });
    await vi.waitFor(() => expect(snapshotOf(clientAdminA)).toBeDefined());
    const snapshotIds = snapshotOf(clientAdminA)!.users.map((entry) => entry.userId);
    expect(snapshotIds).toContain(earlyA.user.id);
    expect(snapshotIds).not.toContain(earlyB.user.id);

    const userB = await cluster.userWithSession(['staff'], orgB.id);
    const userA = await cluster.userWithSession(['staff'], orgA.id);
    const tabB = await open(portA, { token: userB.token });
    const tabA = await open(portA, { token: userA.token });
    tabB.close();
    tabA.close();

    await vi.waitFor(() => expect(clientAdminA.updatesAbout(userA.user.id)).toHaveLength(2), {
      timeout: 1_000,
    });
    await sleep(300);
    const heardAbout = new Set(
      clientAdminA.heard.flatMap((entry) =>
        entry.event === 'presence:update' ? [(entry.payload as { userId: string }).userId] : [],
      ),
    );
    expect(heardAbout.has(userB.user.id)).toBe(false);
    expect(heardAbout.has(earlyB.user.id)).toBe(false);
    expect(staffA.heard).toEqual([]);
  });

  it('refuses a bad token, a foreign Origin and the default namespace; accepts the session cookie', async () => {
    const org = await createTestOrg(cluster.db);
    const { token } = await cluster.userWithSession(['staff'], org.id);

    const bad = connectPresence(portA, { token: 'not-a-session-token' });
    await expect(bad).rejects.toBeInstanceOf(RefusedError);
    await expect(bad).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(connectPresence(portA)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(connectPresence(portA, { token, origin: 'https://evil.example' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    await expect(connectPresence(portA, { token, namespace: '/' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    const viaCookie = await open(portA, { cookie: `session=${token}`, origin: APP_URL });
    expect(viaCookie.socket.connected).toBe(true);
  });

  it('refuses a user the account gate holds (password change due), with the reason, until it is done', async () => {
    const org = await createTestOrg(cluster.db);
    const { user, token } = await cluster.userWithSession(['client_admin'], org.id);
    await cluster.db.updateTable('users').set({ firstTimeLogin: true }).where('id', '=', user.id).execute();
    await expect(connectPresence(portA, { token })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PASSWORD_CHANGE_REQUIRED',
    });
    await cluster.db.updateTable('users').set({ firstTimeLogin: false }).where('id', '=', user.id).execute();
    expect((await open(portA, { token })).socket.connected).toBe(true);
  });

  it('a viewer whose rights change hears what the new rights allow at once, on every instance', async () => {
    const org = await createTestOrg(cluster.db);
    const admin = await cluster.userWithSession(['admin'], null);
    const watcher = await cluster.userWithSession(['staff', 'client_admin'], org.id);
    const viewer = await open(portB, { token: watcher.token });
    await vi.waitFor(() => expect(snapshotOf(viewer)).toBeDefined());
    const change = (procedure: 'users.demote' | 'users.promote') =>
      fetch(`http://127.0.0.1:${portA}/trpc/${procedure}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ json: { id: watcher.user.id, role: 'client_admin' } }),
      });

    expect((await change('users.promote')).status).toBe(200); // already held: nothing to tell
    expect((await change('users.demote')).status).toBe(200);
    await vi.waitFor(() => expect(viewer.heard.map((entry) => entry.event)).toContain('presence:reconnect'));
    const colleague = await cluster.userWithSession(['staff'], org.id);
    const tab = await open(portA, { token: colleague.token });
    await sleep(500);
    expect(viewer.updatesAbout(colleague.user.id)).toEqual([]);
    expect(viewer.socket.connected).toBe(true); // the session goes on; only the rights changed

    expect((await change('users.promote')).status).toBe(200);
    await vi.waitFor(() =>
      expect(viewer.heard.filter((entry) => entry.event === 'presence:reconnect')).toHaveLength(2),
    );
    tab.close();
    await vi.waitFor(() =>
      expect(viewer.updatesAbout(colleague.user.id)).toEqual([expect.objectContaining({ online: false })]),
    );
  });

  it('ending a session (sign-out over HTTP) closes its sockets on every instance', async () => {
    const org = await createTestOrg(cluster.db);
    const admin = await cluster.userWithSession(['admin'], org.id);
    const user = await cluster.userWithSession(['staff'], org.id);
    const viewer = await open(portB, { token: admin.token });
    const onA = await open(portA, { token: user.token });
    const onB = await open(portB, { token: user.token });
    await vi.waitFor(() => expect(viewer.updatesAbout(user.user.id)).toHaveLength(1));

    const response = await fetch(`http://127.0.0.1:${portA}/trpc/auth.logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);

    await vi.waitFor(() => expect([onA.socket.connected, onB.socket.connected]).toEqual([false, false]), {
      timeout: 2_000,
    });
    await vi.waitFor(() => expect(viewer.updatesAbout(user.user.id).at(-1)).toMatchObject({ online: false }));
    await expect(connectPresence(portB, { token: user.token })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('an instance killed without cleanup', () => {
  it('turns its users offline within the presence timeout and saves their last activity', async () => {
    // The worst case by design is 5/6 of the timeout (see presenceTiming); 4 s leaves room for a busy machine.
    const timeoutSeconds = 4;
    const cluster = await startCluster({ servers: 2, worker: true, timeoutSeconds });
    onTestFinished(() => cluster.close());
    const [doomed, survivor] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0]];
    const org = await createTestOrg(cluster.db);
    const admin = await cluster.userWithSession(['support'], null);
    const user = await cluster.userWithSession(['provider'], org.id);

    const viewer = await open(survivor.port, { token: admin.token });
    const tab = await open(doomed.port, { token: user.token });
    await vi.waitFor(() => expect(viewer.updatesAbout(user.user.id)).toHaveLength(1));
    tab.socket.emit('activity');
    // Past one heartbeat, so the activity reached Redis before the crash.
    await sleep((timeoutSeconds * 1_000) / 6 + 300);

    const killedAt = Date.now();
    doomed.process.kill();
    await vi.waitFor(() => expect(viewer.updatesAbout(user.user.id)).toHaveLength(2), {
      timeout: timeoutSeconds * 1_000 + 2_000,
      interval: 50,
    });
    const offline = viewer.updatesAbout(user.user.id)[1]!;
    const announcedAt = viewer.heard.at(-1)!.at;
    expect(offline).toMatchObject({ online: false });
    expect(announcedAt - killedAt).toBeLessThanOrEqual(timeoutSeconds * 1_000);
    expect(announcedAt - killedAt).toBeGreaterThan(1_000);

    // Saved shortly after going offline (an earlier, older value may land first from a heartbeat flush).
    await vi.waitFor(
      async () =>
        expect((await lastActivityOf(cluster.db, user.user.id))?.toISOString()).toBe(offline.lastActivity),
      { timeout: 3_000 },
    );
  }, 120_000);
});
