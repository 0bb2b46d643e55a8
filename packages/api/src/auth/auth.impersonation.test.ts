import type { Role } from '@praxis/db';
import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, errorOf, outcomeOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const reason = 'Ticket #42: the user cannot see their schedule';

async function adminAndTarget(targetRoles: Role[] = ['provider']) {
  const org = await createTestOrg(deps.db);
  const { user: admin } = await createTestUser(deps.db, { roles: ['admin'], organizationId: org.id });
  const { user: target } = await createTestUser(deps.db, { roles: targetRoles, organizationId: org.id });
  return { org, admin, target, asAdmin: await signedIn(deps, admin) };
}

/** Starts an impersonation and answers the impersonation session's caller. */
async function impersonation(targetRoles: Role[] = ['provider']) {
  const setup = await adminAndTarget(targetRoles);
  const started = await setup.asAdmin.caller.auth.impersonate({ userId: setup.target.id, reason });
  return { ...setup, started, asTarget: callerFor(deps, { token: started.token }) };
}

describe('auth.impersonate refusals', () => {
  it('refuses an account that cannot sign in (CONFLICT), an unknown user (NOT_FOUND) and a blank reason', async () => {
    const { asAdmin, org } = await adminAndTarget();
    for (const state of [{ status: 'inactive' }, { archivedAt: new Date() }] as const) {
      const { user } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id, ...state });
      expect((await errorOf(asAdmin.caller.auth.impersonate({ userId: user.id, reason }))).code).toBe(
        'CONFLICT',
      );
    }
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    expect((await errorOf(asAdmin.caller.auth.impersonate({ userId: unknown, reason }))).code).toBe(
      'NOT_FOUND',
    );
    const { user } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id });
    for (const bad of ['', '   ', 'x'.repeat(501)]) {
      const error = await errorOf(asAdmin.caller.auth.impersonate({ userId: user.id, reason: bad }));
      expect(error.code).toBe('BAD_REQUEST');
    }
    const sessions = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', user.id)
      .execute();
    expect(sessions).toEqual([]);
  });
});

describe('an impersonation session', () => {
  it('is a new session of the target that ends within the hour, never extended by use', async () => {
    const before = Date.now();
    const { started, asTarget, target, admin } = await impersonation();
    expect(started.expiresAt.getTime()).toBeGreaterThan(before + 59 * 60_000);
    expect(started.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    const me = await asTarget.caller.auth.me();
    expect(me).toMatchObject({ id: target.id, impersonatedBy: { id: admin.id, email: admin.email } });
    expect(me.sessionExpiresAt).toEqual(started.expiresAt);
    expect(asTarget.resHeaders.get('set-cookie')).toBeNull();
    // Lucia slides a session used in its second half (12 h here): this one must not move.
    const stored = await deps.db
      .selectFrom('sessions')
      .select('expiresAt')
      .where('userId', '=', target.id)
      .where('impersonatorId', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(stored.expiresAt).toEqual(started.expiresAt);
  });

  it('ends when the impersonator can no longer sign in or loses the right', async () => {
    const disabled = await impersonation();
    await deps.db
      .updateTable('users')
      .set({ status: 'inactive' })
      .where('id', '=', disabled.admin.id)
      .execute();
    expect((await errorOf(disabled.asTarget.caller.auth.me())).code).toBe('UNAUTHORIZED');
    const demoted = await impersonation();
    await deps.db
      .updateTable('users')
      .set({ roles: ['staff'] })
      .where('id', '=', demoted.admin.id)
      .execute();
    expect((await errorOf(demoted.asTarget.caller.auth.me())).code).toBe('UNAUTHORIZED');
    const left = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', demoted.target.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('is refused once expired', async () => {
    const { asTarget, target, admin } = await impersonation();
    await deps.db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', target.id)
      .where('impersonatorId', '=', admin.id)
      .execute();
    expect((await errorOf(asTarget.caller.auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('names both people in every audit event it writes, and the start and end with the reason', async () => {
    const { asTarget, target, admin, asAdmin } = await impersonation(['client_admin']);
    const { user: member } = await createTestUser(deps.db, {
      roles: ['staff'],
      organizationId: target.organizationId,
    });
    await asTarget.caller.users.update({ id: member.id, patch: { title: 'Dr' } });
    await asTarget.caller.auth.stopImpersonating();
    const events = await deps.db
      .selectFrom('auditEvents')
      .select(['action', 'actorId', 'impersonatorId', 'targetId', 'metadata'])
      .where((eb) => eb.or([eb('targetId', '=', target.id), eb('targetId', '=', member.id)]))
      .orderBy('createdAt')
      .execute();
    expect(events.map(({ metadata, ...event }) => event)).toEqual([
      { action: 'auth.impersonation_started', actorId: admin.id, impersonatorId: null, targetId: target.id },
      { action: 'users.update', actorId: target.id, impersonatorId: admin.id, targetId: member.id },
      {
        action: 'auth.impersonation_ended',
        actorId: target.id,
        impersonatorId: admin.id,
        targetId: target.id,
      },
    ]);
    expect(events[0]?.metadata).toMatchObject({ reason });
    expect(events[2]?.metadata).toMatchObject({ reason });
    const listed = await asAdmin.caller.audit.list({ actorId: target.id });
    expect(listed.items[0]).toMatchObject({ action: 'auth.impersonation_ended', impersonatorId: admin.id });
  });

  it('shows on the user’s own sessions list with who opened it', async () => {
    const { target, admin } = await impersonation();
    const own = await signedIn(deps, target);
    const list = await own.caller.auth.sessions();
    expect(list.map((s) => s.impersonatedBy)).toEqual(
      expect.arrayContaining([null, { id: admin.id, email: admin.email }]),
    );
    expect((await own.caller.auth.me()).impersonatedBy).toBeNull();
  });

  it('cannot change the password, the email or 2FA, nor sign the user out elsewhere, nor impersonate on', async () => {
    const { asTarget, target } = await impersonation(['client_admin']);
    const asSupport = (await impersonation(['support'])).asTarget;
    const refusals = [
      () =>
        asTarget.caller.auth.changePassword({
          currentPassword: TEST_PASSWORD,
          newPassword: 'a new long passphrase',
        }),
      () => asTarget.caller.auth.setEmail2fa({ enabled: true, password: TEST_PASSWORD }),
      () => asTarget.caller.auth.logoutAll(),
      () =>
        asTarget.caller.users.update({
          id: target.id,
          patch: { email: uniqueEmail('moved') },
          currentPassword: TEST_PASSWORD,
        }),
      () =>
        asTarget.caller.profiles.upsert({
          userId: target.id,
          personal: { email: uniqueEmail('moved') },
          currentPassword: TEST_PASSWORD,
        }),
      () => asSupport.caller.auth.impersonate({ userId: target.id, reason }),
    ];
    for (const refusal of refusals) {
      const error = await errorOf(refusal());
      expect([error.code, (error as { reason?: string }).reason]).toEqual([
        'FORBIDDEN',
        'IMPERSONATION_NOT_ALLOWED',
      ]);
    }
    const row = await deps.db
      .selectFrom('users')
      .select(['email', 'passwordHash', 'email2faEnabled'])
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      email: target.email,
      passwordHash: target.passwordHash,
      email2faEnabled: false,
    });
    // What the user may change about their profile otherwise still works.
    await asTarget.caller.users.update({ id: target.id, patch: { title: 'Dr' } });
  });

  it('ends with auth.stopImpersonating; the admin’s own session is untouched', async () => {
    const { asTarget, asAdmin, admin } = await impersonation();
    expect(await asTarget.caller.auth.stopImpersonating()).toEqual({ ok: true });
    expect((await errorOf(asTarget.caller.auth.me())).code).toBe('UNAUTHORIZED');
    expect((await asAdmin.caller.auth.me()).id).toBe(admin.id);
    expect((await errorOf(asAdmin.caller.auth.stopImpersonating())).code).toBe('CONFLICT');
  });

  it('ends on auth.logout too, audited as its end', async () => {
    const { asTarget, target, admin } = await impersonation();
    await asTarget.caller.auth.logout();
    expect((await errorOf(asTarget.caller.auth.me())).code).toBe('UNAUTHORIZED');
    const ended = await deps.db
      .selectFrom('auditEvents')
      .select(['actorId', 'impersonatorId'])
      .where('targetId', '=', target.id)
      .where('action', '=', 'auth.impersonation_ended')
      .execute();
    expect(ended).toEqual([{ actorId: target.id, impersonatorId: admin.id }]);
  });

  it('switches a browser with cookies and gives the admin’s session back on stop', async () => {
    const { admin, target } = await adminAndTarget();
    const own = await deps.sessions.create(admin.id, { ip: '127.0.0.1', userAgent: 'vitest' });
    const browser = callerFor(deps, { cookie: `session=${own.token}` });
    const started = await browser.caller.auth.impersonate({ userId: target.id, reason });
    const cookies = browser.resHeaders.getSetCookie();
    expect(cookies).toEqual([
      expect.stringMatching(new RegExp(`^session_impersonator=${own.token};.*HttpOnly`)),
      expect.stringMatching(new RegExp(`^session=${started.token};`)),
    ]);
    const during = callerFor(deps, { cookie: `session=${started.token}; session_impersonator=${own.token}` });
    expect((await during.caller.auth.me()).id).toBe(target.id);
    await during.caller.auth.stopImpersonating();
    expect(during.resHeaders.getSetCookie()).toEqual([
      expect.stringMatching(/^session_impersonator=; Max-Age=0/),
      expect.stringMatching(new RegExp(`^session=${own.token};`)),
    ]);
    expect((await callerFor(deps, { cookie: `session=${own.token}` }).caller.auth.me()).id).toBe(admin.id);
  });

  it('is limited per admin', async () => {
    const { asAdmin, org } = await adminAndTarget();
    const { user } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id });
    const outcomes: string[] = [];
    for (let i = 0; i < 21; i += 1) {
      outcomes.push(await outcomeOf(asAdmin.caller.auth.impersonate({ userId: user.id, reason })));
    }
    expect(outcomes.slice(0, 20).every((o) => o === 'OK')).toBe(true);
    expect(outcomes[20]).toBe('TOO_MANY_REQUESTS');
  });
});
