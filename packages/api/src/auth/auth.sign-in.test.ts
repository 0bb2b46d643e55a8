import { createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, errorOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

describe('auth.login', () => {
  it('signs in with a bearer token that auth.me accepts', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['staff'] });
    const result = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    expect(result.status).toBe('authenticated');
    if (result.status !== 'authenticated') return;
    expect(result.user).toMatchObject({ id: user.id, email: user.email, roles: ['staff'] });
    expect(result.user).not.toHaveProperty('passwordHash');
    const me = await callerFor(deps, { token: result.token }).caller.auth.me();
    expect(me.id).toBe(user.id);
    expect(me.sessionExpiresAt.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
  });

  it('sets an HttpOnly SameSite=Lax session cookie that signs the browser in', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller, resHeaders } = callerFor(deps);
    await caller.auth.login({ email: user.email.toUpperCase(), password: TEST_PASSWORD });
    const cookie = resHeaders.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^session=[a-z0-9]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await callerFor(deps, { cookie: cookie.split(';')[0] }).caller.auth.me();
    expect(me.id).toBe(user.id);
  });

  it('stores only the SHA-256 of the session token', async () => {
    const { user } = await createTestUser(deps.db);
    const result = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    if (result.status !== 'authenticated') throw new Error('expected a session');
    const rows = await deps.db.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).not.toContain(result.token);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a wrong password and an unknown email identically, in about the same time', async () => {
    const { user } = await createTestUser(deps.db);
    const attempt = async (email: string) => {
      const started = performance.now();
      const error = await errorOf(
        callerFor(deps).caller.auth.login({ email, password: 'not the password at all' }),
      );
      return { error, ms: performance.now() - started };
    };
    // Interleaved, so load from other tests hits both kinds alike.
    const wrong: Awaited<ReturnType<typeof attempt>>[] = [];
    const unknown: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let i = 0; i < 7; i++) {
      wrong.push(await attempt(user.email));
      unknown.push(await attempt('nobody@example.test'));
    }
    for (const { error } of [...wrong, ...unknown]) {
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.message).toBe('Invalid email or password');
    }
    const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((a, b) => a - b)[3] ?? 0;
    // Both paths run one argon2id verification: skipping it would make an unknown email answer
    // about twenty times faster, far outside this band.
    expect(median(unknown)).toBeGreaterThan(median(wrong) / 3);
    expect(median(wrong)).toBeGreaterThan(median(unknown) / 3);
  });

  it('refuses disabled, archived and suspended accounts and members of an inactive organisation', async () => {
    const org = await deps.db
      .insertInto('organizations')
      .values({ name: 'Closed clinic', status: 'inactive' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const blocked = [
      { status: 'inactive' as const },
      { archivedAt: new Date() },
      { status: 'suspended' as const },
      { status: 'suspended' as const, suspendedUntil: new Date(Date.now() + 3600_000) },
      { organizationId: org.id },
    ];
    for (const overrides of blocked) {
      const { user } = await createTestUser(deps.db, overrides);
      const error = await errorOf(
        callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD }),
      );
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.message).toMatch(/Contact your administrator/);
    }
    const { user: lapsed } = await createTestUser(deps.db, {
      status: 'suspended',
      suspendedUntil: new Date(Date.now() - 1000),
    });
    const ok = await callerFor(deps).caller.auth.login({ email: lapsed.email, password: TEST_PASSWORD });
    expect(ok.status).toBe('authenticated');
  });

  it('rejects malformed input with field errors, never a 500', async () => {
    const error = await errorOf(
      callerFor(deps).caller.auth.login({ email: 'not-an-email', password: '' } as never),
    );
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('records sign-ins and failed sign-ins in the audit log', async () => {
    const { user } = await createTestUser(deps.db);
    await errorOf(callerFor(deps).caller.auth.login({ email: user.email, password: 'wrong password!' }));
    await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    const actions = await deps.db
      .selectFrom('auditEvents')
      .select('action')
      .where('targetId', '=', user.id)
      .orderBy('createdAt')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['auth.login_failed', 'auth.login']);
  });
});

describe('sessions', () => {
  it('logout ends this session only; logoutAll ends every one', async () => {
    const { user } = await createTestUser(deps.db);
    const a = await signedIn(deps, user);
    const b = await signedIn(deps, user);
    const c = await signedIn(deps, user);
    await a.caller.auth.logout();
    expect((await errorOf(a.caller.auth.me())).code).toBe('UNAUTHORIZED');
    expect((await b.caller.auth.me()).id).toBe(user.id);
    await b.caller.auth.logoutAll();
    expect((await errorOf(b.caller.auth.me())).code).toBe('UNAUTHORIZED');
    expect((await errorOf(c.caller.auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses an expired session', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    await deps.db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', user.id)
      .execute();
    expect((await errorOf(caller.auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('ends the session of a user who is disabled meanwhile', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    await deps.db.updateTable('users').set({ status: 'inactive' }).where('id', '=', user.id).execute();
    expect((await errorOf(caller.auth.me())).code).toBe('UNAUTHORIZED');
    const left = await deps.db.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();
    expect(left).toEqual([]);
  });

  it('lists own sessions with the current one marked, and revokes one by id', async () => {
    const { user } = await createTestUser(deps.db);
    const a = await signedIn(deps, user);
    const b = await signedIn(deps, user);
    const list = await a.caller.auth.sessions();
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(Object.keys(list[0] ?? {}).sort()).toEqual([
      'createdAt',
      'current',
      'expiresAt',
      'id',
      'impersonatedBy',
      'ip',
      'lastSeenAt',
      'userAgent',
    ]);
    const other = list.find((s) => !s.current);
    await a.caller.auth.revokeSession({ sessionId: other?.id ?? '' });
    expect((await errorOf(b.caller.auth.me())).code).toBe('UNAUTHORIZED');
    const missing = await errorOf(a.caller.auth.revokeSession({ sessionId: other?.id ?? '' }));
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('throttling', () => {
  it('locks an account after 10 failed sign-ins with TOO_MANY_REQUESTS and retryAfterSeconds', async () => {
    const { user } = await createTestUser(deps.db);
    for (let i = 0; i < 10; i++) {
      const error = await errorOf(
        callerFor(deps).caller.auth.login({ email: user.email, password: `wrong-${i}-password` }),
      );
      expect(error.code).toBe('UNAUTHORIZED');
    }
    const locked = await errorOf(
      callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD }),
    );
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
    expect((locked as unknown as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('counts only failures: many sign-ins from one office IP keep working', async () => {
    const ip = '192.0.2.10';
    for (let i = 0; i < 12; i++) {
      const { user } = await createTestUser(deps.db);
      const result = await callerFor(deps, { ip }).caller.auth.login({
        email: user.email,
        password: TEST_PASSWORD,
      });
      expect(result.status).toBe('authenticated');
    }
  });
});

describe('when Redis is unreachable', () => {
  it('sign-in fails with a clear SERVICE_UNAVAILABLE, not a pretend success', async () => {
    const offline = await createTestDeps({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const { user } = await createTestUser(deps.db, { email2faEnabled: true });
      const error = await errorOf(
        callerFor(offline).caller.auth.login({ email: user.email, password: TEST_PASSWORD }),
      );
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toMatch(/Redis|mail/);
      const challenges = await deps.db
        .selectFrom('twoFactorChallenges')
        .where('userId', '=', user.id)
        .execute();
      expect(challenges).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});
