import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
});
afterAll(() => e2e?.close());

describe('sign-in in a real browser', () => {
  it('signs in with the emailed code by keyboard, lands on the shell, signs out; every page passes axe', async () => {
    const user = await e2e.seedUser({ firstName: 'Ada', lastName: 'Lovelace', roles: ['staff'] });
    const page = await e2e.newPage();

    // An app route without a session goes to sign-in, keeping where it was going.
    await page.goto('/');
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}sign-in.png` });

    // Client-side validation with the server's schema, shown beside the field.
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Email').press('Enter');
    await expect.poll(() => page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'sign-in with errors');

    // Credentials by keyboard, then the code step.
    const mailsBefore = e2e.smtp.mailsTo(user.email).length;
    await page.getByLabel('Email').fill(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    const code = page.getByRole('textbox', { name: 'Code', exact: true });
    await code.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('code');
    await expectAccessible(page, 'code step');

    // A wrong code says how many tries are left, beside the field.
    const right = await e2e.codeFor(user.email, mailsBefore);
    await page.keyboard.type(right === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await page.getByText(/4 tries left/).waitFor();
    await expectAccessible(page, 'code step with a wrong code');

    await code.fill(right);
    await code.press('Enter');
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAccessible(page, 'home');

    // Sign out by keyboard through the account menu.
    await page.getByRole('button', { name: 'Ada Lovelace' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sign-in/);
    await page.getByText('You are signed out.').waitFor();

    // The session is really gone: the app sends us back to sign-in.
    await page.goto('/');
    await page.waitForURL(/\/sign-in\?redirect=/);
  });

  it('explains a refused account with the server reason', async () => {
    const user = await e2e.seedUser({ email2faEnabled: false, status: 'inactive' });
    const page = await e2e.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/disabled/i)
      .waitFor();
    await expectAccessible(page, 'refused sign-in');
  });

  it('signs in a user without 2FA, skips /sign-in once signed in, and shows the 404 page', async () => {
    const user = await e2e.seedUser({ email2faEnabled: false, firstName: 'Grace' });
    const page = await e2e.newPage();
    await signIn(e2e, page, user);
    await page.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    // Signed in already: /sign-in goes on to the app instead of asking again.
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto('/no-such-page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expectAccessible(page, '404');
  });
});
