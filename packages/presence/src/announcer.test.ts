import { randomUUID } from 'node:crypto';
import { createDb } from '@praxis/db';
import { createTestUser, randomSuffix, workerDatabase } from '@praxis/db/testing';
import { createRedis } from '@praxis/jobs';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createPresenceAnnouncer } from './announcer';
import { createPresenceBroadcaster, socketIoKey } from './broadcast';
import type { PresenceChange } from './store';

const publisher = createRedis(testRedisUrl, 'worker');
const listener = createRedis(testRedisUrl, 'worker');
afterAll(() => {
  publisher.disconnect();
  listener.disconnect();
});

/** A broadcaster on a fresh prefix, and the number of messages it published so far. */
async function broadcasterWithCount() {
  const prefix = `${testRedisPrefix()}-${randomSuffix()}`;
  let published = 0;
  await listener.psubscribe(`${socketIoKey(prefix)}*`);
  listener.on('pmessage', (pattern) => {
    if (pattern === `${socketIoKey(prefix)}*`) published += 1;
  });
  const broadcaster = createPresenceBroadcaster(publisher, prefix, pino({ level: 'silent' }));
  return { broadcaster, published: () => published };
}

const offline = (userId: string, at: Date, seq = 1): PresenceChange => ({
  userId,
  online: false,
  organizationId: null,
  lastActivity: at,
  seq,
});

describe('presence announcer', () => {
  it('has saved the last activity of changes that arrive together by the time it announces them', async () => {
    const { handle } = await workerDatabase();
    const [{ user: a }, { user: b }] = [await createTestUser(handle.db), await createTestUser(handle.db)];
    const { broadcaster, published } = await broadcasterWithCount();
    const announce = createPresenceAnnouncer({
      db: handle.db,
      broadcaster,
      logger: pino({ level: 'silent' }),
    });
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);

    await Promise.all([announce([offline(a.id, at)]), announce([offline(b.id, at, 2)])]);

    const rows = await handle.db
      .selectFrom('users')
      .select(['id', 'lastActivity'])
      .where('id', 'in', [a.id, b.id])
      .execute();
    expect(rows.map((row) => row.lastActivity?.getTime())).toEqual([at.getTime(), at.getTime()]);
    await expect.poll(published).toBe(2);
  });

  it('still announces when Postgres is unreachable (Redis keeps the activity for later)', async () => {
    const unreachable = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 });
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const { broadcaster, published } = await broadcasterWithCount();
    const announce = createPresenceAnnouncer({ db: unreachable.db, broadcaster, logger });
    try {
      const started = Date.now();
      await announce([offline(randomUUID(), new Date())]);
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect.poll(published).toBe(1);
      expect(warnings).toEqual([
        expect.stringContaining('last activity not saved before its presence update'),
      ]);
    } finally {
      await unreachable.close();
    }
  });
});
