import { createDb } from '@praxis/db';
import { createTestUser, recordingStatements, workerDatabase } from '@praxis/db/testing';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './secrets';
import { createSessionManager } from './sessions';

const meta = { ip: '203.0.113.9', userAgent: 'vitest' };

describe('session lookups', () => {
  it('answers the requests of one turn by one statement, each with its own session or none', async () => {
    const { db } = (await workerDatabase()).handle;
    const recorder = recordingStatements(db);
    const sessions = createSessionManager({ db: recorder.db, ttlHours: 12, secureCookies: false });
    const [ann, bob, disabled, lapsed] = await Promise.all(
      [0, 1, 2, 3].map(async () => (await createTestUser(db)).user),
    );
    const annToken = (await sessions.create(ann!.id, meta)).token;
    const bobToken = (await sessions.create(bob!.id, meta)).token;
    const disabledToken = (await sessions.create(disabled!.id, meta)).token;
    const lapsedToken = (await sessions.create(lapsed!.id, meta)).token;
    await db.updateTable('users').set({ status: 'inactive' }).where('id', '=', disabled!.id).execute();
    await db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', sha256Hex(lapsedToken))
      .execute();
    recorder.statements.length = 0;

    const asked = [annToken, bobToken, disabledToken, 'no-such-token', lapsedToken, annToken];
    const found = await Promise.all(asked.map((token) => sessions.validate(token)));

    expect(found.map((session) => session?.user.id ?? null)).toEqual([
      ann!.id,
      bob!.id,
      null,
      null,
      null,
      ann!.id,
    ]);
    expect(found[0]?.token).toBe(annToken);
    expect(found[1]?.user.email).toBe(bob!.email);
    // Asked twice, read twice: the two answers share nothing.
    expect(found[5]).not.toBe(found[0]);
    expect(found[5]?.user).not.toBe(found[0]?.user);
    const lookups = recorder.statements.filter((text) => text.includes('unnest'));
    expect(lookups).toHaveLength(1);
    // A refused session is gone, as with lookups one at a time.
    const remaining = await db
      .selectFrom('sessions')
      .select('id')
      .where('id', 'in', [sha256Hex(disabledToken), sha256Hex(lapsedToken)])
      .execute();
    expect(remaining).toEqual([]);
  });

  it('reads each turn afresh: a write between two requests is seen by the second', async () => {
    const { db } = (await workerDatabase()).handle;
    const sessions = createSessionManager({ db, ttlHours: 12, secureCookies: false });
    const { user } = await createTestUser(db);
    const { token } = await sessions.create(user.id, meta);
    expect((await sessions.validate(token))?.user.status).toBe('active');
    await db.updateTable('users').set({ status: 'inactive' }).where('id', '=', user.id).execute();
    expect(await sessions.validate(token)).toBeNull();
  });

  it('fails every request of a turn whose statement failed, and the next turn runs its own', async () => {
    const { url } = await workerDatabase();
    const missing = new URL(url);
    missing.pathname = `/praxis_no_such_database_${process.pid}`;
    const broken = await createDb({ databaseUrl: missing.toString(), connectTimeoutMs: 2000 });
    try {
      const sessions = createSessionManager({ db: broken.db, ttlHours: 12, secureCookies: false });
      const results = await Promise.allSettled(['a', 'b', 'c'].map((token) => sessions.validate(token)));
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
      await expect(sessions.validate('d')).rejects.toThrow(/does not exist/);
    } finally {
      await broken.close();
    }
  });
});
