import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

// Screenshots to look at while building (not committed): SCREENSHOT_DIR or a temporary folder.
const shots = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'praxis-web-screens');

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E({ SIGNUP: 'open' });
  mkdirSync(shots, { recursive: true });
});
afterAll(() => e2e?.close());

const PASSWORD = 'a long sign-up passphrase';

describe('sign-up with approval in a real browser', () => {
  it('register → confirmation mail → confirm page → admin approves → approval mail → the user signs in', async () => {
    const email = uniqueEmail('pat-pending');
    const page = await e2e.newPage();

    // Sign-in offers sign-up (SIGNUP=open); reach it by keyboard.
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Create an account' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await expectAccessible(page, 'register');
    await page.getByLabel('First name').fill('Pat');
    await page.getByLabel('Last name').fill('Pending');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.screenshot({ path: join(shots, 'register.png') });
    await page.getByLabel('Repeat the password').press('Enter');
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await expectAccessible(page, 'register sent');

    // The mailed link opens the confirm page; confirming is one button, by keyboard.
    await page.goto(await e2e.linkFor(email, '/confirm-email'));
    await page.getByRole('heading', { name: 'Confirm your email address' }).waitFor();
    await expectAccessible(page, 'confirm email');
    await page.getByRole('button', { name: 'Confirm my email address' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Email address confirmed' }).waitFor();
    await page.screenshot({ path: join(shots, 'confirm-email.png') });

    // Not approved yet: sign-in says so.
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByText('This account is waiting for approval.').waitFor();

    // An admin finds the pending user on the users screen and approves them.
    const admin = await e2e.seedUser({ roles: ['admin'], email2faEnabled: false });
    const adminPage = await e2e.newPage();
    await signIn(e2e, adminPage, admin);
    await adminPage.goto(`/users?status=${encodeURIComponent('["pending"]')}&q=${encodeURIComponent(email)}`);
    await adminPage.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Pat Pending' }).click();
    await adminPage.getByRole('heading', { name: 'Pat Pending' }).waitFor();
    await adminPage.getByRole('button', { name: 'Approve' }).click();
    await adminPage.getByText('Approved', { exact: true }).first().waitFor();

    const approval = await e2e.smtp.waitFor(
      email,
      (m) => m.subject === 'Your Praxis account is approved',
      20_000,
    );
    expect(approval.body).toContain(`${e2e.baseUrl}/sign-in`);
    await signIn(e2e, page, { email, password: PASSWORD });
  });

  it('sign-in help on the user page: clear the lockout and send a reset link, each confirmed first', async () => {
    const target = await e2e.seedUser({ firstName: 'Lou', lastName: 'Locked', email2faEnabled: false });
    for (let i = 0; i < 10; i++) {
      await e2e
        .api()
        .auth.login.mutate({ email: target.email, password: 'not the password' })
        .catch(() => {});
    }
    const locked = await e2e
      .api()
      .auth.login.mutate({ email: target.email, password: TEST_PASSWORD })
      .catch((error: { data?: { code?: string } }) => error.data?.code);
    expect(locked).toBe('TOO_MANY_REQUESTS');

    const admin = await e2e.seedUser({ roles: ['admin'], email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.goto(`/users/${target.user.id}`);
    await page.getByRole('heading', { name: 'Sign-in help' }).waitFor();

    await page.getByRole('button', { name: 'Clear sign-in lockout' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Clear the sign-in lockout of ${target.email}?`).waitFor();
    await expectAccessible(page, 'clear lockout dialog');
    await dialog.getByRole('button', { name: 'Clear sign-in lockout' }).click();
    await page.getByText('Sign-in lockout cleared').waitFor();
    const again = await e2e.api().auth.login.mutate({ email: target.email, password: TEST_PASSWORD });
    expect(again.status).toBe('authenticated');

    await page.getByRole('button', { name: 'Send password reset' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send password reset' }).click();
    await page.getByText(`Reset link sent to ${target.email}`).waitFor();
    expect(await e2e.linkFor(target.email, '/reset-password')).toContain('/reset-password?token=');
    await page.screenshot({ path: join(shots, 'user-sign-in-help.png'), fullPage: true });
  });
});
