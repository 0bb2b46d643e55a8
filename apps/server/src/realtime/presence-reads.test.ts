import type { AppRouter } from '@praxis/api';
import { createTestOrg } from '@praxis/db/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { connectPresence, startCluster } from '../testing';

// A viewer that refetches on `presence:update` must read what the event said: the reads below run
// inside the event handler, before anything else had a chance to save the value.
describe('reads on a presence:update agree with it', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let port: number;
  beforeAll(async () => {
    cluster = await startCluster({ servers: 1 });
    port = cluster.servers[0]!.port;
  }, 120_000);
  afterAll(() => cluster?.close());

  function api(token: string) {
    return createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `http://127.0.0.1:${port}/trpc`,
          transformer: superjson,
          headers: () => ({ authorization: `Bearer ${token}` }),
        }),
      ],
    });
  }

  it('users.get, users.list sorted by lastActivity and the dashboard, for a user never seen before', async () => {
    const org = await createTestOrg(cluster.db);
    const admin = await cluster.userWithSession(['admin'], org.id);
    const user = await cluster.userWithSession(['staff'], org.id);
    const client = api(admin.token);
    expect((await client.users.get.query({ id: user.user.id })).lastActivity).toBeNull();

    const viewer = await connectPresence(port, { token: admin.token });
    onTestFinished(() => viewer.close());
    const reads: Array<{
      event: { online: boolean; lastActivity: string | null };
      get: Date | null;
      listed: Array<{ id: string; lastActivity: Date | null }>;
      onlineUsers: number | null;
    }> = [];
    viewer.socket.on(
      'presence:update',
      (update: { userId: string; online: boolean; lastActivity: string | null }) => {
        if (update.userId !== user.user.id) return;
        void Promise.all([
          client.users.get.query({ id: user.user.id }),
          client.users.list.query({
            sortBy: 'lastActivity',
            sortDir: 'desc',
            pageSize: 5,
            filters: { organizationId: org.id },
          }),
          client.dashboard.summary.query(),
        ]).then(([got, list, dashboard]) =>
          reads.push({
            event: update,
            get: got.lastActivity,
            listed: list.items.map((item) => ({ id: item.id, lastActivity: item.lastActivity })),
            onlineUsers: dashboard.onlineUsers,
          }),
        );
      },
    );

    const tab = await connectPresence(port, { token: user.token });
    await vi.waitFor(() => expect(reads).toHaveLength(1), { timeout: 5_000 });
    tab.socket.emit('activity');
    await new Promise((resolve) => setTimeout(resolve, 50));
    tab.close();
    await vi.waitFor(() => expect(reads).toHaveLength(2), { timeout: 5_000 });

    const [online, offline] = reads;
    for (const read of [online!, offline!]) {
      expect(read.event.lastActivity).not.toBeNull();
      expect(read.get?.toISOString()).toBe(read.event.lastActivity);
      // Sorted by last activity, newest first: the user who was just active leads the organisation
      // (the viewer, active in the same instant when one flush saves both, may share first place).
      const newest = read.listed.filter(
        (item) => item.lastActivity?.getTime() === read.listed[0]?.lastActivity?.getTime(),
      );
      expect(read.listed[0]?.lastActivity).toEqual(read.get);
      expect(newest.map((item) => item.id)).toContain(user.user.id);
    }
    expect(online!.event.online).toBe(true);
    expect(offline!.event.online).toBe(false);
    // The viewer (the admin) is online throughout; the user is counted only while online.
    expect(online!.onlineUsers).toBe(2);
    expect(offline!.onlineUsers).toBe(1);
  });
});
