import { sha256Hex } from '@praxis/auth';
import { createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps } from '../testing';
import { findSignInCandidate, recordSignIn, signInCandidateQuery } from './auth.queries';

// The sign-in's writes (last_login_at, the session, the audit event) are one statement, and its
// read is one indexed lookup: what a sign-in costs besides argon2 (BENCHMARKS.md, issue 15).

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const sessionsOf = (userId: string) =>
  deps.db.selectFrom('sessions').selectAll().where('userId', '=', userId).execute();
const auditOf = (userId: string) =>
  deps.db.selectFrom('auditEvents').selectAll().where('targetId', '=', userId).execute();
const lastLoginOf = async (userId: string) =>
  (await deps.db.selectFrom('users').select('lastLoginAt').where('id', '=', userId).executeTakeFirstOrThrow())
    .lastLoginAt;

const FINGERPRINT = 'f'.repeat(64);

const sessionFor = (userId: string, token: string) => ({
  id: sha256Hex(token),
  userId,
  expiresAt: new Date(Date.now() + 3_600_000),
  ip: '203.0.113.7',
  userAgent: 'vitest',
});

describe('a sign-in is written in one statement', () => {
  it('sets last_login_at, stores the session and appends the audit event together', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['staff'] });
    const now = new Date('2026-11-30T08:00:00.000Z');
    const session = sessionFor(user.id, `token-${user.id}`);
    const row = await recordSignIn(deps.db, {
      fingerprint: FINGERPRINT,
      userId: user.id,
      action: 'auth.login',
      metadata: { method: 'totp' },
      session,
      now,
    });

    expect(row).toMatchObject({ id: user.id, email: user.email, lastLoginAt: now });
    expect(await lastLoginOf(user.id)).toEqual(now);
    const [stored] = await sessionsOf(user.id);
    expect(stored).toMatchObject({
      id: session.id,
      expiresAt: session.expiresAt,
      ip: '203.0.113.7',
      userAgent: 'vitest',
    });
    const events = await auditOf(user.id);
    expect(events).toEqual([
      expect.objectContaining({
        actorId: user.id,
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        organizationId: user.organizationId,
        ip: '203.0.113.7',
        metadata: { method: 'totp' },
      }),
    ]);
    const devices = await deps.db
      .selectFrom('knownDevices')
      .select(['fingerprint', 'firstSeenAt', 'lastSeenAt'])
      .where('userId', '=', user.id)
      .execute();
    expect(devices).toEqual([{ fingerprint: FINGERPRINT, firstSeenAt: now, lastSeenAt: now }]);
  });

  it('confirms the email only where asked, keeping the first confirmation', async () => {
    const { user } = await createTestUser(deps.db);
    const first = new Date('2026-11-01T00:00:00.000Z');
    const plain = await recordSignIn(deps.db, {
      fingerprint: FINGERPRINT,
      userId: user.id,
      action: 'auth.login',
      session: sessionFor(user.id, `a-${user.id}`),
      now: first,
    });
    expect(plain?.emailConfirmedAt).toBeNull();
    const confirmed = await recordSignIn(deps.db, {
      fingerprint: FINGERPRINT,
      userId: user.id,
      action: 'auth.2fa_verified',
      session: sessionFor(user.id, `b-${user.id}`),
      confirmsEmail: true,
      now: first,
    });
    expect(confirmed?.emailConfirmedAt).toEqual(first);
    const again = await recordSignIn(deps.db, {
      fingerprint: FINGERPRINT,
      userId: user.id,
      action: 'auth.2fa_verified',
      session: sessionFor(user.id, `c-${user.id}`),
      confirmsEmail: true,
      now: new Date('2026-11-30T00:00:00.000Z'),
    });
    expect(again?.emailConfirmedAt).toEqual(first);
    expect((await auditOf(user.id)).map((event) => event.action).sort()).toEqual([
      'auth.2fa_verified',
      'auth.2fa_verified',
      'auth.login',
    ]);
  });

  it('writes nothing at all when one of its writes fails', async () => {
    const { user } = await createTestUser(deps.db);
    const before = await lastLoginOf(user.id);
    // A session id that is already taken: the session insert fails at the end of the statement,
    // after the user update and the audit insert ran.
    const { user: other } = await createTestUser(deps.db);
    const taken = sessionFor(other.id, `taken-${other.id}`);
    await deps.db.insertInto('sessions').values(taken).execute();

    const failed = await recordSignIn(deps.db, {
      fingerprint: FINGERPRINT,
      userId: user.id,
      action: 'auth.login',
      session: taken,
      now: new Date(),
    }).catch((error: unknown) => error);

    expect(failed).toMatchObject({ code: '23505' });
    expect(await lastLoginOf(user.id)).toEqual(before);
    expect(await sessionsOf(user.id)).toEqual([]);
    expect(await auditOf(user.id)).toEqual([]);
  });

  it('writes nothing for a user deleted before the write, and the sign-in is refused', async () => {
    const { user } = await createTestUser(deps.db);
    await deps.db.deleteFrom('users').where('id', '=', user.id).execute();
    const row = await recordSignIn(deps.db, {
      fingerprint: FINGERPRINT,
      userId: user.id,
      action: 'auth.login',
      session: sessionFor(user.id, `gone-${user.id}`),
    });
    expect(row).toBeUndefined();
    expect(await sessionsOf(user.id)).toEqual([]);
    expect(await auditOf(user.id)).toEqual([]);
  });

  it('auth.login leaves exactly one new session, one audit event and last_login_at set', async () => {
    const { user } = await createTestUser(deps.db);
    const started = Date.now();
    const result = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    if (result.status !== 'authenticated') throw new Error('expected a session');
    expect(result.user.lastLoginAt?.getTime()).toBeGreaterThanOrEqual(started - 1_000);
    expect(await lastLoginOf(user.id)).toEqual(result.user.lastLoginAt);
    const sessions = await sessionsOf(user.id);
    expect(sessions.map((session) => session.id)).toEqual([sha256Hex(result.token)]);
    expect((await auditOf(user.id)).map((event) => event.action)).toEqual(['auth.login']);
  });
});

describe('the sign-in lookup', () => {
  it('finds the account whatever the case of the address typed', async () => {
    const { user } = await createTestUser(deps.db);
    const found = await findSignInCandidate(deps.db, { email: user.email.toUpperCase() });
    expect(found?.user.id).toBe(user.id);
    expect(await findSignInCandidate(deps.db, { email: `x${user.email}` })).toBeUndefined();
  });

  it('uses the unique index on lower(email), not a scan of every user', async () => {
    const plan = await deps.db.connection().execute(async (db) => {
      // With sequential scans priced out, only a query the index can answer avoids one.
      await sql`set enable_seqscan = off`.execute(db);
      try {
        const lookup = signInCandidateQuery(db, 'email', {
          value: 'someone@example.test' as never,
          fingerprint: null as never,
        }).compile();
        const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${lookup.sql}`, [...lookup.parameters]),
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      } finally {
        await sql`reset enable_seqscan`.execute(db);
      }
    });
    expect(plan).toContain('users_email_key');
  });
});
