import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, E2E_APP_URL, failure, startE2E, tokenFromLink } from '../testing';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

async function signIn(email: string, password: string) {
  const result = await e2e.client().auth.login.mutate({ email, password });
  if (result.status !== 'authenticated') throw new Error('expected a session');
  return result.token;
}

describe('password reset by mailed link', () => {
  it('mails a single-use link that sets a new password and ends every session', async () => {
    const { user } = await createTestUser(e2e.db);
    const oldSession = await signIn(user.email, TEST_PASSWORD);
    expect(await e2e.client().auth.requestPasswordReset.mutate({ email: user.email })).toEqual({ ok: true });
    const mail = await e2e.smtp.waitFor(user.email, (m) => m.body.includes('/reset-password?token='));
    expect(mail.body).toContain(`${E2E_APP_URL}/reset-password?token=`);
    const token = tokenFromLink(mail.body, '/reset-password');
    const stored = await e2e.db
      .selectFrom('passwordResetTokens')
      .select('tokenHash')
      .where('userId', '=', user.id)
      .execute();
    expect(stored.map((t) => t.tokenHash)).not.toContain(token);

    await e2e.client().auth.resetPassword.mutate({ token, newPassword: 'a brand new passphrase' });
    expect((await failure(e2e.client({ token: oldSession }).auth.me.query())).data.code).toBe('UNAUTHORIZED');
    expect((await failure(signIn(user.email, TEST_PASSWORD))).data.code).toBe('UNAUTHORIZED');
    expect(await signIn(user.email, 'a brand new passphrase')).toBeTruthy();

    const reused = await failure(
      e2e.client().auth.resetPassword.mutate({ token, newPassword: 'yet another passphrase' }),
    );
    expect(reused.data.code).toBe('BAD_REQUEST');
  });

  it('over REST (seed 000) mails the same link, which sets the password REST signs in with', async () => {
    const { user } = await createTestUser(e2e.db);
    const post = (path: string, body: unknown) =>
      fetch(`${e2e.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const requested = await post('/api/auth/password/reset/', { email: user.email });
    expect(requested.status).toBe(200);
    const mail = await e2e.smtp.waitFor(user.email, (m) => m.body.includes('/reset-password?token='));
    expect(mail.body).toContain(`${E2E_APP_URL}/reset-password?token=`);
    const token = tokenFromLink(mail.body, '/reset-password');
    const confirmed = await post('/api/auth/password/reset/confirm/', {
      token,
      password: 'a passphrase set over rest',
    });
    expect(confirmed.status).toBe(200);
    const login = await post('/api/auth/login', {
      email: user.email,
      password: 'a passphrase set over rest',
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { token?: string }).token).toBeTruthy();
  });

  it('kills the older link when a newer one is requested', async () => {
    const { user } = await createTestUser(e2e.db);
    await e2e.client().auth.requestPasswordReset.mutate({ email: user.email });
    const first = tokenFromLink((await e2e.smtp.waitFor(user.email)).body, '/reset-password');
    await e2e.client().auth.requestPasswordReset.mutate({ email: user.email });
    await e2e.smtp.waitFor(user.email, () => e2e.smtp.mailsTo(user.email).length >= 2);
    const second = tokenFromLink(e2e.smtp.mailsTo(user.email).at(-1)?.body ?? '', '/reset-password');
    const dead = await failure(
      e2e.client().auth.resetPassword.mutate({ token: first, newPassword: 'passphrase number one' }),
    );
    expect(dead.data.code).toBe('BAD_REQUEST');
    await e2e.client().auth.resetPassword.mutate({ token: second, newPassword: 'passphrase number two' });
    expect(await signIn(user.email, 'passphrase number two')).toBeTruthy();
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    const email = 'nobody-here@example.test';
    expect(await e2e.client().auth.requestPasswordReset.mutate({ email })).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(e2e.smtp.mailsTo(email)).toEqual([]);
  });
});

describe('password reset for accounts that could not use the link', () => {
  it('mails nothing to disabled, suspended, pending or archived accounts or inactive organisations, answering as for an unknown email', async () => {
    const unknownAnswer = await e2e
      .client()
      .auth.requestPasswordReset.mutate({ email: uniqueEmail('nobody') });
    const inactiveOrg = await createTestOrg(e2e.db, { status: 'inactive' });
    const archivedOrg = await createTestOrg(e2e.db, { archivedAt: new Date() });
    const blocked = {
      disabled: { status: 'inactive' },
      suspended: { status: 'suspended', suspendedUntil: new Date(Date.now() + 3600_000) },
      pending: { status: 'pending' },
      'inactive organisation': { organizationId: inactiveOrg.id },
      'archived organisation': { organizationId: archivedOrg.id },
    } as const;
    const emails: string[] = [];
    for (const [state, overrides] of Object.entries(blocked)) {
      const { user } = await createTestUser(e2e.db, overrides);
      emails.push(user.email);
      const answer = await e2e.client().auth.requestPasswordReset.mutate({ email: user.email });
      expect({ state, answer }).toEqual({ state, answer: unknownAnswer });
    }
    // A lapsed suspension is over: that account gets its mail. Sent last, it also shows the
    // worker had its turn at everything asked before.
    const { user: lapsed } = await createTestUser(e2e.db, {
      status: 'suspended',
      suspendedUntil: new Date(Date.now() - 1000),
    });
    expect(await e2e.client().auth.requestPasswordReset.mutate({ email: lapsed.email })).toEqual(
      unknownAnswer,
    );
    expect((await e2e.smtp.waitFor(lapsed.email)).body).toContain(`${E2E_APP_URL}/reset-password?token=`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const email of emails) expect(e2e.smtp.mailsTo(email)).toEqual([]);
  });
});

describe('change password', () => {
  it('ends the other sessions, keeps this one, and retires the old password', async () => {
    const { user } = await createTestUser(e2e.db, { firstTimeLogin: true });
    const here = await signIn(user.email, TEST_PASSWORD);
    const elsewhere = await signIn(user.email, TEST_PASSWORD);
    const wrong = await failure(
      e2e
        .client({ token: here })
        .auth.changePassword.mutate({ currentPassword: 'not my password', newPassword: 'x'.repeat(12) }),
    );
    expect(wrong.data.code).toBe('BAD_REQUEST');
    await e2e.client({ token: here }).auth.changePassword.mutate({
      currentPassword: TEST_PASSWORD,
      newPassword: 'changed passphrase 42',
    });
    expect((await e2e.client({ token: here }).auth.me.query()).firstTimeLogin).toBe(false);
    expect((await failure(e2e.client({ token: elsewhere }).auth.me.query())).data.code).toBe('UNAUTHORIZED');
    expect((await failure(signIn(user.email, TEST_PASSWORD))).data.code).toBe('UNAUTHORIZED');
  });

  it('refuses a new password equal to the email', async () => {
    const { user } = await createTestUser(e2e.db);
    const token = await signIn(user.email, TEST_PASSWORD);
    const error = await failure(
      e2e
        .client({ token })
        .auth.changePassword.mutate({ currentPassword: TEST_PASSWORD, newPassword: user.email }),
    );
    expect(error.data.code).toBe('BAD_REQUEST');
  });
});
