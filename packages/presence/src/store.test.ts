import { randomUUID } from 'node:crypto';
import {
  createTestOrg,
  createTestUser,
  randomSuffix,
  recordingCalls,
  workerDatabase,
} from '@praxis/db/testing';
import { createRedis } from '@praxis/jobs';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createLastActivityWriter, saveLastActivity } from './last-activity';
import { createPresenceStore, presenceKeys } from './store';

const redis = createRedis(testRedisUrl, 'worker');
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) {
    const { keys, socketsPrefix } = presenceKeys(prefix);
    const sockets = await redis.keys(`${socketsPrefix}*`);
    await redis.del(...keys, ...sockets);
  }
  await redis.quit();
});

function freshStore(socketTtlMs = 30_000) {
  const redisPrefix = `${testRedisPrefix()}-${randomSuffix()}`;
  prefixes.push(redisPrefix);
  return createPresenceStore({ redis, redisPrefix, socketTtlMs });
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('presence store', () => {
  it('turns a user online on the first socket and offline after the last, never in between', async () => {
    const store = freshStore();
    const userId = randomUUID();
    const org = randomUUID();

    const first = await store.connect(userId, org, 'i1:a');
    expect(first).toMatchObject({ userId, online: true, organizationId: org });
    expect(first?.lastActivity).toBeInstanceOf(Date);
    expect(await store.connect(userId, org, 'i2:b')).toBeNull();
    expect(await store.disconnect(userId, 'i1:a')).toBeNull();
    expect(await store.onlineAmong([userId])).toEqual(new Set([userId]));

    const last = await store.disconnect(userId, 'i2:b', Date.now() + 5);
    expect(last).toMatchObject({ userId, online: false, organizationId: org });
    expect(last?.seq).toBeGreaterThan(first?.seq ?? Infinity);
    expect(await store.onlineAmong([userId])).toEqual(new Set());
    // A late duplicate disconnect announces nothing.
    expect(await store.disconnect(userId, 'i2:b')).toBeNull();
  });

  it('decides the transition once when many tabs open and close at the same moment', async () => {
    const store = freshStore();
    const userId = randomUUID();
    const members = Array.from({ length: 25 }, (_, i) => `i${i % 3}:s${i}`);

    const opened = await Promise.all(members.map((member) => store.connect(userId, null, member)));
    expect(opened.filter(Boolean)).toHaveLength(1);
    const closed = await Promise.all(members.map((member) => store.disconnect(userId, member)));
    expect(closed.filter(Boolean)).toEqual([expect.objectContaining({ userId, online: false })]);
  });

  it('lists who is online, with organisation and last activity, for snapshots and the API', async () => {
    const store = freshStore();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const org = randomUUID();
    await store.connect(a, org, 'i:1');
    await store.connect(b, null, 'i:2');

    expect(new Set(await store.allOnline())).toEqual(new Set([a, b]));
    expect(await store.onlineAmong([a, c])).toEqual(new Set([a]));
    const snapshot = await store.snapshot();
    expect(snapshot.users).toEqual(
      expect.arrayContaining([
        { userId: a, organizationId: org, lastActivity: expect.any(Date) },
        { userId: b, organizationId: null, lastActivity: expect.any(Date) },
      ]),
    );
    expect(snapshot.seq).toBeGreaterThanOrEqual(2);
  });

  it('answers the lists asked for in one turn by one script call, each with its own online users', async () => {
    let scriptCalls = 0;
    const counted = recordingCalls(redis, 'evalsha', () => {
      scriptCalls += 1;
    });
    const redisPrefix = `${testRedisPrefix()}-${randomSuffix()}`;
    prefixes.push(redisPrefix);
    const store = createPresenceStore({ redis: counted, redisPrefix, socketTtlMs: 30_000 });
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await store.connect(a, null, 'i:1');
    await store.connect(c, null, 'i:2');
    scriptCalls = 0;

    const answers = await Promise.all([
      store.onlineAmong([a, b]),
      store.onlineAmong([b, d]),
      store.onlineAmong([c, a, d]),
      store.onlineAmong([]),
    ]);
    expect(answers).toEqual([new Set([a]), new Set(), new Set([c, a]), new Set()]);
    expect(scriptCalls).toBe(1);
    await store.disconnect(a, 'i:1');
    expect(await store.onlineAmong([a, c])).toEqual(new Set([c]));
    expect(scriptCalls).toBe(3);
  });

  it('sweeps users whose sockets all lapsed, and keeps those with one live socket', async () => {
    const store = freshStore(300);
    const [gone, kept] = [randomUUID(), randomUUID()];
    await store.connect(gone, null, 'dead:1');
    await store.connect(kept, null, 'dead:2');
    await store.connect(kept, null, 'alive:3');

    await sleep(200);
    await store.heartbeat([{ userId: kept, organizationId: null, activityMs: 0, members: ['alive:3'] }]);
    await sleep(200);
    expect(await store.allOnline()).toEqual([kept]);

    const swept = await store.sweep();
    expect(swept).toEqual([expect.objectContaining({ userId: gone, online: false })]);
    expect(await store.sweep()).toEqual([]);
    expect(await store.allOnline()).toEqual([kept]);
  });

  it('brings back online, with an announcement, a user swept while their instance stalled', async () => {
    const store = freshStore(150);
    const userId = randomUUID();
    await store.connect(userId, 'org-1', 'slow:1');
    await sleep(250);
    expect(await store.sweep()).toHaveLength(1);

    const revived = await store.heartbeat([
      { userId, organizationId: 'org-1', activityMs: 0, members: ['slow:1'] },
    ]);
    expect(revived).toEqual([expect.objectContaining({ userId, online: true, organizationId: 'org-1' })]);
    expect(await store.allOnline()).toEqual([userId]);
  });
});

describe('last activity in Postgres', () => {
  it('is written in batches from Redis, and never moves backwards', async () => {
    const { handle } = await workerDatabase();
    const org = await createTestOrg(handle.db);
    const { user } = await createTestUser(handle.db, { organizationId: org.id });
    const { user: other } = await createTestUser(handle.db, { organizationId: org.id });
    const store = freshStore();
    const writer = createLastActivityWriter({ store, db: handle.db, logger: pino({ level: 'silent' }) });

    await store.connect(user.id, org.id, 'i:1');
    await store.connect(other.id, org.id, 'i:2');
    const activeAt = Date.now() + 60_000;
    await store.heartbeat([
      { userId: user.id, organizationId: org.id, activityMs: activeAt, members: ['i:1'] },
    ]);
    expect(await writer.flush()).toBe(2);

    const lastActivity = async (id: string) =>
      (
        await handle.db
          .selectFrom('users')
          .select('lastActivity')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).lastActivity;
    expect((await lastActivity(user.id))?.getTime()).toBe(activeAt);
    expect(await lastActivity(other.id)).toBeInstanceOf(Date);
    expect(await writer.flush()).toBe(0);

    await saveLastActivity(handle.db, [{ userId: user.id, at: new Date(activeAt - 10_000) }]);
    expect((await lastActivity(user.id))?.getTime()).toBe(activeAt);
  });
});
