import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestOrg, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_RULE } from '../src/components/password/new-password';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

// Screenshots to look at while building (not committed): SCREENSHOT_DIR or a temporary folder.
const shots = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'praxis-web-screens');

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
  mkdirSync(shots, { recursive: true });
});
afterAll(() => e2e?.close());

/** Types a new password twice and sends it with Enter, as a keyboard user would. */
async function typeNewPassword(page: Page, password: string, repeat = password) {
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the new password').fill(repeat);
  await page.getByLabel('Repeat the new password').press('Enter');
}

/** The request page's confirmation, with the address it names blanked out. */
async function answerWithoutEmail(page: Page) {
  return ((await page.getByRole('status').textContent()) ?? '').replace(/\S+@\S+/, 'EMAIL');
}

/** A client admin of a fresh organisation, signed in through the API (no 2FA), for seeding. */
async function clientAdmin() {
  const org = await createTestOrg(e2e.db, { name: `Harbor Clinic ${crypto.randomUUID().slice(0, 6)}` });
  const admin = await e2e.seedUser({
    roles: ['client_admin'],
    organizationId: org.id,
    email2faEnabled: false,
    firstName: 'Olive',
    lastName: 'Admin',
  });
  const login = await e2e.api().auth.login.mutate({ email: admin.email, password: TEST_PASSWORD });
  if (login.status !== 'authenticated') throw new Error('expected a session');
  return { org, api: e2e.api(login.token) };
}

describe('mailed password links in a real browser', () => {
  it('forgot password → mailed link → new password → signs in with it; the used link explains itself', async () => {
    const user = await e2e.seedUser({ firstName: 'Rita', lastName: 'Reset', email2faEnabled: false });
    const page = await e2e.newPage();

    // From sign-in to the request page by keyboard.
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await expectAccessible(page, 'forgot password');

    // An unknown address gets exactly the same answer as a real one.
    await page.getByLabel('Email').fill(uniqueEmail('nobody'));
    await page.getByLabel('Email').press('Enter');
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const unknownAnswer = await answerWithoutEmail(page);
    await expectAccessible(page, 'forgot password sent');
    await page.screenshot({ path: join(shots, 'forgot-password-sent.png') });

    await page.goto('/forgot-password');
    const mailsBefore = e2e.smtp.mailsTo(user.email).length;
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Email').press('Enter');
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await answerWithoutEmail(page)).toBe(unknownAnswer);

    // The mailed link opens the page; the rule is on screen before anything is sent.
    const link = await e2e.linkFor(user.email, '/reset-password', mailsBefore);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByText(PASSWORD_RULE).waitFor();
    await expectAccessible(page, 'reset password');
    await page.screenshot({ path: join(shots, 'reset-password.png') });

    // Client checks with the server's rule, beside their fields.
    await typeNewPassword(page, 'short', 'short');
    await page.getByText('Password must be at least 12 characters').waitFor();
    await typeNewPassword(page, 'a brand new secret', 'a brand new secreT');
    await page.getByText('The two passwords are not the same').waitFor();
    expect(await page.getByLabel('Repeat the new password').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'reset password with errors');
    await page.screenshot({ path: join(shots, 'reset-password-errors.png') });

    await typeNewPassword(page, 'a brand new secret');
    await page.waitForURL(/\/sign-in\?passwordSet=true/);
    await page.getByText('Your new password is saved. Sign in with it.').waitFor();
    await expectAccessible(page, 'sign-in after reset');

    await signIn(e2e, page, { email: user.email, password: 'a brand new secret' });
    await page.getByRole('heading', { name: 'Welcome, Rita' }).waitFor();

    // The same link again: used, so it is explained with the way to ask for a new one.
    const again = await e2e.newPage();
    await again.goto(link);
    await typeNewPassword(again, 'another new secret');
    await again.getByText(/This link cannot be used any more/).waitFor();
    await expectAccessible(again, 'used reset link');
    await again.screenshot({ path: join(shots, 'reset-password-used.png') });
    await again.getByRole('link', { name: 'Ask for a new link' }).focus();
    await again.keyboard.press('Enter');
    await again.getByRole('heading', { name: 'Forgot your password?' }).waitFor();

    // A link without its token says the same at once.
    await again.goto('/reset-password');
    await again.getByText(/This link cannot be used any more/).waitFor();

    // An expired link (never used, an hour old) gets the same explanation once sent.
    const expired = randomBytes(32).toString('base64url');
    await e2e.db
      .insertInto('passwordResetTokens')
      .values({
        userId: user.user.id,
        tokenHash: createHash('sha256').update(expired).digest('hex'),
        purpose: 'reset',
        expiresAt: new Date(Date.now() - 60_000),
      })
      .execute();
    await again.goto(`/reset-password?token=${expired}`);
    await typeNewPassword(again, 'too late for this');
    await again.getByText(/This link cannot be used any more/).waitFor();
    await again.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  });

  it('sets the first password of a user created without one (set-password link), then signs in', async () => {
    const { api } = await clientAdmin();
    const email = uniqueEmail('newcomer');
    await api.users.create.mutate({ email, firstName: 'Sam', lastName: 'Set', roles: ['staff'] });
    const link = await e2e.linkFor(email, '/set-password');

    const page = await e2e.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    await expectAccessible(page, 'set password');
    // The email itself is refused (case aside), as the server would.
    await typeNewPassword(page, email.toUpperCase());
    await page.getByText('The password must not be the same as the email address').waitFor();
    await typeNewPassword(page, 'my first password');
    await page.waitForURL(/\/sign-in\?passwordSet=true/);
    await signIn(e2e, page, { email, password: 'my first password' });
    await page.getByRole('heading', { name: 'Welcome, Sam' }).waitFor();
  });

  it('invitation link → shows the organisation and role → names and password → signed in', async () => {
    const { org, api } = await clientAdmin();
    const email = uniqueEmail('invitee');
    await api.invitations.create.mutate({ email, roles: ['provider'], firstName: 'Nia' });
    const link = await e2e.linkFor(email, '/accept-invite');

    const page = await e2e.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Praxis' }).waitFor();
    await page.getByText(org.name).waitFor();
    await page.getByText('provider', { exact: true }).waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    expect(await page.getByLabel('First name').inputValue()).toBe('Nia');
    await expectAccessible(page, 'accept invitation');
    await page.screenshot({ path: join(shots, 'accept-invite.png') });

    // A missing last name is said beside its field; then by keyboard to the end.
    await page.getByLabel('Password', { exact: true }).fill('invited and happy');
    await page.getByLabel('Repeat the password').fill('invited and happy');
    await page.getByLabel('Repeat the password').press('Enter');
    await page.getByText('Last name cannot be empty').waitFor();
    await expectAccessible(page, 'accept invitation with errors');
    await page.getByLabel('Last name').fill('Oak');
    await page.getByLabel('Last name').press('Enter');

    // Signed in by the session cookie the accept set, in the app.
    await page.getByRole('heading', { name: 'Welcome, Nia' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByText(org.name).waitFor();

    // The link is spent: the page says so and offers sign-in.
    const again = await e2e.newPage();
    await again.goto(link);
    await again.getByText('This invitation has already been accepted. Sign in instead.').waitFor();
    await expectAccessible(again, 'accepted invitation');
    await again.getByRole('link', { name: 'Go to sign-in' }).waitFor();
  });
});
