import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { auditActionsOn, callerFor, createTestDeps, errorOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const NEW_PASSWORD = 'a brand new long password 7';

async function emailConfirmedAt(userId: string) {
  const row = await deps.db
    .selectFrom('users')
    .select('emailConfirmedAt')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.emailConfirmedAt;
}

/** The newest queued mail of this kind to this address, and its data. */
async function queuedMail(name: string, to: string) {
  const jobs = await deps.mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  const newest = jobs
    .filter((job) => job.name === name && (job.data as { to?: string }).to === to)
    .sort((a, b) => b.timestamp - a.timestamp)[0];
  if (!newest) throw new Error(`no ${name} mail was queued to ${to}`);
  return newest.data as { token?: string; code?: string };
}

describe('emailConfirmedAt: set when the user completes a mailed link or code', () => {
  it('is null for a new account and set by a password reset link, then kept', async () => {
    const { user } = await createTestUser(deps.db);
    expect(await emailConfirmedAt(user.id)).toBeNull();
    const before = Date.now();
    await callerFor(deps).caller.auth.requestPasswordReset({ email: user.email });
    const { token } = await queuedMail('password-reset', user.email);
    await callerFor(deps).caller.auth.resetPassword({ token: token ?? '', newPassword: NEW_PASSWORD });
    const first = await emailConfirmedAt(user.id);
    expect(first?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(first?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    // A second proof keeps the first time.
    await callerFor(deps).caller.auth.requestPasswordReset({ email: user.email });
    const second = await queuedMail('password-reset', user.email);
    await callerFor(deps).caller.auth.resetPassword({
      token: second.token ?? '',
      newPassword: TEST_PASSWORD,
    });
    expect(await emailConfirmedAt(user.id)).toEqual(first);
    const me = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    if (me.status !== 'authenticated') throw new Error('expected a session');
    expect(me.user.emailConfirmedAt).toEqual(first);
  });

  it('is set by the set-password link of a new account', async () => {
    const org = await createTestOrg(deps.db);
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    const created = await caller.users.create({
      email: uniqueEmail('setpw'),
      firstName: 'Set',
      lastName: 'Password',
      roles: ['staff'],
      organizationId: org.id,
    });
    expect(created.emailConfirmedAt).toBeNull();
    const { token } = await queuedMail('set-password', created.email);
    await callerFor(deps).caller.auth.resetPassword({ token: token ?? '', newPassword: NEW_PASSWORD });
    expect(await emailConfirmedAt(created.id)).toBeInstanceOf(Date);
  });

  it('is not set by a link that was refused', async () => {
    const { user } = await createTestUser(deps.db);
    await errorOf(
      callerFor(deps).caller.auth.resetPassword({ token: 'x'.repeat(43), newPassword: NEW_PASSWORD }),
    );
    expect(await emailConfirmedAt(user.id)).toBeNull();
  });

  it('is set when an invitation is accepted', async () => {
    const org = await createTestOrg(deps.db);
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    const email = uniqueEmail('invited');
    const invitation = await caller.invitations.create({ email, roles: ['staff'], organizationId: org.id });
    const job = await deps.mailQueue.getJob(`invitation-${invitation.id}-1`);
    const token = (job?.data as { token?: string } | undefined)?.token;
    if (!token) throw new Error('no invitation mail was queued');
    const accepted = await callerFor(deps).caller.invitations.accept({ token, password: TEST_PASSWORD });
    expect(accepted.user.emailConfirmedAt).toBeInstanceOf(Date);
    expect(await emailConfirmedAt(accepted.user.id)).toEqual(accepted.user.emailConfirmedAt);
  });

  it('is set when a 2FA code is verified, not by a plain sign-in or a wrong code', async () => {
    const { user } = await createTestUser(deps.db, { email2faEnabled: false });
    const plain = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    if (plain.status !== 'authenticated') throw new Error('expected a session');
    expect(plain.user.emailConfirmedAt).toBeNull();
    await deps.db.updateTable('users').set({ email2faEnabled: true }).where('id', '=', user.id).execute();
    const challenge = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    if (challenge.status !== '2fa_required') throw new Error('expected a 2FA challenge');
    const { code } = await queuedMail('two-factor-code', user.email);
    const wrong = code === '000000' ? '000001' : '000000';
    await errorOf(callerFor(deps).caller.auth.verify2fa({ challengeId: challenge.challengeId, code: wrong }));
    expect(await emailConfirmedAt(user.id)).toBeNull();
    const verified = await callerFor(deps).caller.auth.verify2fa({
      challengeId: challenge.challengeId,
      code: code ?? '',
    });
    expect(verified.user.emailConfirmedAt).toBeInstanceOf(Date);
    expect(await emailConfirmedAt(user.id)).toEqual(verified.user.emailConfirmedAt);
  });
});

describe('auth.acceptLicense', () => {
  it('records the time once, audits it once, and answers the same user when called again', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    expect((await caller.auth.me()).licenseAcceptedAt).toBeNull();
    const before = Date.now();
    const first = await caller.auth.acceptLicense();
    expect(first.id).toBe(user.id);
    expect(first.licenseAcceptedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const again = await caller.auth.acceptLicense();
    expect(again.licenseAcceptedAt).toEqual(first.licenseAcceptedAt);
    expect((await auditActionsOn(deps.db, user.id)).filter((a) => a === 'auth.license_accepted')).toEqual([
      'auth.license_accepted',
    ]);
    const event = await deps.db
      .selectFrom('auditEvents')
      .select(['actorId', 'targetType'])
      .where('targetId', '=', user.id)
      .where('action', '=', 'auth.license_accepted')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ actorId: user.id, targetType: 'user' });
  });

  it('needs a session', async () => {
    expect((await errorOf(callerFor(deps).caller.auth.acceptLicense())).code).toBe('UNAUTHORIZED');
  });

  it('records only the caller’s own acceptance', async () => {
    const { user } = await createTestUser(deps.db);
    const { user: other } = await createTestUser(deps.db);
    await (await signedIn(deps, user)).caller.auth.acceptLicense();
    const row = await deps.db
      .selectFrom('users')
      .select('licenseAcceptedAt')
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(row.licenseAcceptedAt).toBeNull();
  });
});

describe('sign-in before the effective date', () => {
  it('is refused with a message saying from when, audited with the reason; from that day it works', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const { user } = await createTestUser(deps.db, { effectiveDate: tomorrow });
    const error = await errorOf(
      callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD }),
    );
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain(`This account is effective from ${tomorrow}.`);
    const refusal = await deps.db
      .selectFrom('auditEvents')
      .select('metadata')
      .where('targetId', '=', user.id)
      .where('action', '=', 'auth.login_refused')
      .executeTakeFirstOrThrow();
    expect(refusal.metadata).toEqual({ reason: 'not_yet_effective' });

    const today = new Date().toISOString().slice(0, 10);
    await deps.db.updateTable('users').set({ effectiveDate: today }).where('id', '=', user.id).execute();
    const ok = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    expect(ok.status).toBe('authenticated');
  });

  it('ends a session of a user whose effective date is moved into the future', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await deps.db.updateTable('users').set({ effectiveDate: tomorrow }).where('id', '=', user.id).execute();
    expect((await errorOf(caller.auth.me())).code).toBe('UNAUTHORIZED');
  });

  it('sends no password reset link before the effective date', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const { user } = await createTestUser(deps.db, { effectiveDate: tomorrow });
    await callerFor(deps).caller.auth.requestPasswordReset({ email: user.email });
    const tokens = await deps.db
      .selectFrom('passwordResetTokens')
      .select('id')
      .where('userId', '=', user.id)
      .execute();
    expect(tokens).toEqual([]);
  });
});
