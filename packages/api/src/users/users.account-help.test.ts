import { RATE_LIMITS } from '@praxis/auth';
import { createTestOrg, createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { type TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  auditActionsOn,
  callerFor,
  clientAdminWithMembers,
  createTestDeps,
  errorOf,
  signedIn,
} from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const login = (email: string, password = TEST_PASSWORD) =>
  callerFor(deps).caller.auth.login({ email, password });

async function mailKindsTo(email: string) {
  const jobs = await deps.mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.filter((job) => (job.data as { to?: string }).to === email).map((job) => job.name);
}

async function auditOf(targetId: string, action: string) {
  return deps.db
    .selectFrom('auditEvents')
    .select(['actorId', 'targetId', 'metadata'])
    .where('targetId', '=', targetId)
    .where('action', '=', action)
    .execute();
}

describe('users.resetTwoFactor', () => {
  it('turns email 2FA off, voids the open challenge, and is audited with actor and target', async () => {
    const { caller, me, member } = await clientAdminWithMembers(deps);
    const target = await member({ email2faEnabled: true });
    const challenge = await login(target.email);
    expect(challenge.status).toBe('2fa_required');

    const answer = await caller.users.resetTwoFactor({ id: target.id });
    expect(answer).toMatchObject({ id: target.id, email2faEnabled: false });
    const open = await deps.db
      .selectFrom('twoFactorChallenges')
      .select('id')
      .where('userId', '=', target.id)
      .where('consumedAt', 'is', null)
      .execute();
    expect(open).toEqual([]);
    expect(await auditOf(target.id, 'users.reset_two_factor')).toEqual([
      { actorId: me.id, targetId: target.id, metadata: { methodsCleared: ['email'] } },
    ]);
    expect((await login(target.email)).status).toBe('authenticated');
  });

  it('removes the authenticator app and its backup codes, so the user signs in with the password alone', async () => {
    const { caller, me, member } = await clientAdminWithMembers(deps);
    const target = await member();
    const own = await signedIn(deps, target);
    const { uri } = await own.caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD });
    // The previous step's code (one step of drift is accepted): no wait for a fresh step.
    const code = (URI.parse(uri) as TOTP).generate({ timestamp: Date.now() - 30_000 });
    await own.caller.auth.totp.confirm({ code });
    expect(await login(target.email)).toMatchObject({ status: '2fa_required', methods: ['totp', 'backup'] });

    await caller.users.resetTwoFactor({ id: target.id });
    const left = await Promise.all(
      (['totpCredentials', 'backupCodes'] as const).map((table) =>
        deps.db.selectFrom(table).select('userId').where('userId', '=', target.id).execute(),
      ),
    );
    expect(left).toEqual([[], []]);
    expect(await auditOf(target.id, 'users.reset_two_factor')).toEqual([
      { actorId: me.id, targetId: target.id, metadata: { methodsCleared: ['totp', 'backup'] } },
    ]);
    expect((await login(target.email)).status).toBe('authenticated');
  });

  it("is refused on one's own account (that asks for the password in account settings)", async () => {
    const { caller, me } = await clientAdminWithMembers(deps);
    expect((await errorOf(caller.users.resetTwoFactor({ id: me.id }))).code).toBe('FORBIDDEN');
  });
});

describe('users.clearLockout', () => {
  it('lets an account locked out by failed sign-ins sign in again, and is audited', async () => {
    const { caller, me, member } = await clientAdminWithMembers(deps);
    const target = await member();
    for (let i = 0; i < RATE_LIMITS.loginFailuresPerAccount.points; i++) {
      expect((await errorOf(login(target.email, 'not the password'))).code).toBe('UNAUTHORIZED');
    }
    expect((await errorOf(login(target.email))).code).toBe('TOO_MANY_REQUESTS');

    expect(await caller.users.clearLockout({ id: target.id })).toEqual({ ok: true });
    expect((await login(target.email)).status).toBe('authenticated');
    expect(await auditOf(target.id, 'users.clear_lockout')).toEqual([
      { actorId: me.id, targetId: target.id, metadata: {} },
    ]);
  });
});

describe('users.sendPasswordReset', () => {
  it("queues the reset mail to the user's address, audited", async () => {
    const { caller, me, member } = await clientAdminWithMembers(deps);
    const target = await member();
    expect(await caller.users.sendPasswordReset({ id: target.id })).toEqual({ ok: true });
    expect(await mailKindsTo(target.email)).toEqual(['password-reset']);
    expect(await auditOf(target.id, 'users.password_reset_sent')).toEqual([
      { actorId: me.id, targetId: target.id, metadata: {} },
    ]);
    const tokens = await deps.db
      .selectFrom('passwordResetTokens')
      .select('purpose')
      .where('userId', '=', target.id)
      .execute();
    expect(tokens).toEqual([{ purpose: 'reset' }]);
  });

  it('refuses, with CONFLICT and nothing sent, an account that could not sign in', async () => {
    const { caller, member } = await clientAdminWithMembers(deps);
    for (const state of [
      { status: 'inactive' },
      { archivedAt: new Date() },
      { status: 'pending' },
    ] as const) {
      const target = await member(state);
      const error = await errorOf(caller.users.sendPasswordReset({ id: target.id }));
      expect(error.code).toBe('CONFLICT');
      expect(await mailKindsTo(target.email)).toEqual([]);
      expect(await auditActionsOn(deps.db, target.id)).toEqual([]);
    }
  });
});

describe('admin help is refused where the policy does not let the caller write the user', () => {
  it('a client admin: NOT_FOUND in another organisation, FORBIDDEN on an admin of their own', async () => {
    const { caller, member } = await clientAdminWithMembers(deps);
    const { user: elsewhere } = await createTestUser(deps.db, {
      organizationId: (await createTestOrg(deps.db)).id,
    });
    const admin = await member({ roles: ['admin'] });
    for (const call of ['resetTwoFactor', 'clearLockout', 'sendPasswordReset'] as const) {
      expect((await errorOf(caller.users[call]({ id: elsewhere.id }))).code).toBe('NOT_FOUND');
      expect((await errorOf(caller.users[call]({ id: admin.id }))).code).toBe('FORBIDDEN');
    }
    expect(await auditActionsOn(deps.db, elsewhere.id)).toEqual([]);
  });

  it('support and supervisors: FORBIDDEN', async () => {
    const org = await createTestOrg(deps.db);
    const { user: target } = await createTestUser(deps.db, { organizationId: org.id });
    for (const roles of [['support'], ['supervisor']] as const) {
      const { user } = await createTestUser(deps.db, { roles: [...roles], organizationId: org.id });
      const { caller } = await signedIn(deps, user);
      for (const call of ['resetTwoFactor', 'clearLockout', 'sendPasswordReset'] as const) {
        expect((await errorOf(caller.users[call]({ id: target.id }))).code).toBe('FORBIDDEN');
      }
    }
  });
});
