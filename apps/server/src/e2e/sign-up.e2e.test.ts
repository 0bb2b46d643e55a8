import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, E2E_APP_URL, failure, startE2E, tokenFromLink } from '../testing';

// Self-service sign-up (SIGNUP=open) and the admin help that mails a reset link, through the real
// server, the real worker process and an SMTP capture.

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ SIGNUP: 'open' });
});
afterAll(() => e2e?.close());

const PASSWORD = 'a long sign-up passphrase';

async function signedInAdmin() {
  const { user } = await createTestUser(e2e.db, { roles: ['admin'] });
  const result = await e2e.client().auth.login.mutate({ email: user.email, password: TEST_PASSWORD });
  if (result.status !== 'authenticated') throw new Error('expected a session');
  return e2e.client({ token: result.token });
}

/** A message has a text/plain and a text/html part. */
const hasTextAndHtml = (raw: string) =>
  /Content-Type: text\/plain/i.test(raw) && /Content-Type: text\/html/i.test(raw);

describe('sign-up with approval', () => {
  it('register → confirmation mail → confirm → approve → approval mail → sign in', async () => {
    const email = uniqueEmail('signup-e2e');
    const registration = { email, password: PASSWORD, firstName: 'Ada', lastName: 'Lovelace' };
    expect(await e2e.client().auth.register.mutate(registration)).toEqual({ ok: true });

    const confirmation = await e2e.smtp.waitFor(email, (m) => m.body.includes('/confirm-email?token='));
    expect(confirmation.subject).toBe('Confirm your email address for Praxis');
    expect(hasTextAndHtml(confirmation.raw)).toBe(true);
    const token = tokenFromLink(confirmation.body, '/confirm-email');
    expect(confirmation.body).toContain(`${E2E_APP_URL}/confirm-email?token=`);

    expect(await e2e.client().auth.confirmEmail.mutate({ token })).toEqual({ ok: true });
    const waiting = await failure(e2e.client().auth.login.mutate({ email, password: PASSWORD }));
    expect(waiting.data.code).toBe('UNAUTHORIZED');
    expect(waiting.message).toMatch(/waiting for approval/);

    const admin = await signedInAdmin();
    const pending = await admin.users.list.query({ filters: { status: ['pending'] }, search: email });
    expect(pending.items.map((u) => [u.email, u.status, u.roles])).toEqual([[email, 'pending', []]]);
    const [user] = pending.items;
    if (!user) throw new Error('the pending user is not listed');
    await admin.users.approve.mutate({ id: user.id });

    const approval = await e2e.smtp.waitFor(email, (m) => m.subject === 'Your Praxis account is approved');
    expect(hasTextAndHtml(approval.raw)).toBe(true);
    expect(approval.body).toContain(`${E2E_APP_URL}/sign-in`);
    const signedIn = await e2e.client().auth.login.mutate({ email, password: PASSWORD });
    expect(signedIn.status).toBe('authenticated');
  });

  it('an address with an account gets a notice, not a second account', async () => {
    const { user } = await createTestUser(e2e.db);
    expect(
      await e2e.client().auth.register.mutate({
        email: user.email,
        password: PASSWORD,
        firstName: 'Someone',
        lastName: 'Else',
      }),
    ).toEqual({ ok: true });
    const notice = await e2e.smtp.waitFor(user.email, (m) => m.subject.includes('tried to sign up'));
    expect(hasTextAndHtml(notice.raw)).toBe(true);
    expect(notice.body).not.toContain('token=');
    const rows = await e2e.db.selectFrom('users').select('id').where('email', '=', user.email).execute();
    expect(rows).toEqual([{ id: user.id }]);
  });
});

describe('users.sendPasswordReset', () => {
  it('mails the user a reset link that sets a new password', async () => {
    const org = await createTestOrg(e2e.db);
    const { user } = await createTestUser(e2e.db, { organizationId: org.id });
    const admin = await signedInAdmin();
    expect(await admin.users.sendPasswordReset.mutate({ id: user.id })).toEqual({ ok: true });
    const mail = await e2e.smtp.waitFor(user.email, (m) => m.body.includes('/reset-password?token='));
    const token = tokenFromLink(mail.body, '/reset-password');
    await e2e.client().auth.resetPassword.mutate({ token, newPassword: 'a brand new passphrase' });
    const result = await e2e
      .client()
      .auth.login.mutate({ email: user.email, password: 'a brand new passphrase' });
    expect(result.status).toBe('authenticated');
  });
});
