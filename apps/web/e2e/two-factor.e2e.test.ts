import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

// The authenticator app in a real browser: set up on the Account page with a code that otpauth
// makes from the set-up key on screen, then sign-in with a code from it and with a backup code.

const shots = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'praxis-web-screens');
const STEP_MS = 30_000;

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
  mkdirSync(shots, { recursive: true });
});
afterAll(() => e2e?.close());

/** A code of the app, `offset` steps from now, made at least 3 s before its step ends. */
async function appCode(secret: string, offset = 0) {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  return TOTP.generate({
    secret: Secret.fromBase32(secret.replace(/\s/g, '')),
    timestamp: Date.now() + offset * STEP_MS,
  });
}

describe('authenticator app in a real browser', () => {
  it('sets up by keyboard, shows backup codes once, then signs in with an app code and a backup code', async () => {
    const user = await e2e.seedUser({ email2faEnabled: false, roles: ['staff'] });
    const page = await e2e.newPage();
    await signIn(e2e, page, user);
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    // Password, then the QR code and the key to type by hand.
    const setUp = page.getByRole('form', { name: 'Set up an authenticator app' });
    await setUp.getByLabel('Password').fill(user.password);
    await setUp.getByLabel('Password').press('Enter');
    const confirm = page.getByRole('form', { name: 'Confirm the authenticator app' });
    await confirm.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await confirm.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page, 'authenticator set-up');
    await page.screenshot({ path: join(shots, 'account-authenticator.png'), fullPage: true });

    // A wrong code is refused beside the field; the app's code turns it on.
    const codeField = confirm.getByLabel('Code from the app');
    await codeField.fill((await appCode(secret)) === '000000' ? '111111' : '000000');
    await codeField.press('Enter');
    await confirm.getByText(/Wrong code/).waitFor();
    await codeField.fill(await appCode(secret, -1));
    await codeField.press('Enter');
    const list = page.getByRole('list', { name: 'Backup codes' });
    await list.waitFor();
    const backupCodes = await list.getByRole('listitem').allTextContents();
    expect(backupCodes).toHaveLength(10);
    await expectAccessible(page, 'backup codes');
    await page.getByRole('button', { name: 'I have saved them' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Backup codes left: 10.').waitFor();

    // Sign in again: the code step names the app and backup codes, and mails nothing.
    const fresh = await e2e.newPage();
    await fresh.goto('/sign-in');
    await fresh.getByLabel('Email').fill(user.email);
    await fresh.getByLabel('Password').fill(user.password);
    await fresh.getByLabel('Password').press('Enter');
    await fresh.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await fresh
      .getByText('Enter the 6-digit code from your authenticator app or one of your backup codes.')
      .waitFor();
    expect(await fresh.getByRole('button', { name: 'Send a new code' }).count()).toBe(0);
    await expectAccessible(fresh, 'code step, authenticator');
    const code = fresh.getByRole('textbox', { name: 'Code', exact: true });
    await code.fill(await appCode(secret));
    await code.press('Enter');
    await fresh.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(e2e.smtp.mailsTo(user.email)).toHaveLength(0);

    // And with a backup code, typed in capitals: the count left drops to 9.
    const third = await e2e.newPage();
    await third.goto('/sign-in');
    await third.getByLabel('Email').fill(user.email);
    await third.getByLabel('Password').fill(user.password);
    await third.getByLabel('Password').press('Enter');
    const backupField = third.getByRole('textbox', { name: 'Code', exact: true });
    await backupField.fill((backupCodes[0] ?? '').toUpperCase());
    await backupField.press('Enter');
    await third.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.reload();
    await page.getByText('Backup codes left: 9.').waitFor();

    // New backup codes, then turn it off: both take the password.
    const manage = page.getByRole('form', { name: 'Manage the authenticator app' });
    await manage.getByLabel('Password').fill(user.password);
    await manage.getByRole('button', { name: 'New backup codes' }).click();
    await list.waitFor();
    const renewed = await list.getByRole('listitem').allTextContents();
    expect(renewed.some((c) => backupCodes.includes(c))).toBe(false);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('Backup codes left: 10.').waitFor();
    await manage.getByLabel('Password').fill(user.password);
    await manage.getByRole('button', { name: 'Turn the authenticator app off' }).click();
    await page.getByRole('form', { name: 'Set up an authenticator app' }).waitFor();
    const left = await e2e.db
      .selectFrom('totpCredentials')
      .select('userId')
      .where('userId', '=', user.user.id)
      .execute();
    expect(left).toEqual([]);
  });
});
