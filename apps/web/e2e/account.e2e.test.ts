import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

// Screenshots to look at while building (not committed): SCREENSHOT_DIR or a temporary folder.
const shots = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'praxis-web-screens');

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
  mkdirSync(shots, { recursive: true });
});
afterAll(() => e2e?.close());

describe('own account in a real browser', () => {
  it('edits the profile, ends another session, turns email codes off, changes the password', async () => {
    const user = await e2e.seedUser({ firstName: 'Ada', lastName: 'Lovelace', roles: ['staff'] });
    const other = await e2e.seedUser({ email2faEnabled: false });
    // Two sessions: this browser and a second one.
    const elsewhere = await e2e.newPage();
    await signIn(e2e, elsewhere, user);
    const page = await e2e.newPage();
    await signIn(e2e, page, user);

    // Everyone has the Account entry; reach it by keyboard.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const sessions = page.getByRole('table');
    await expect.poll(() => sessions.getByRole('row').count()).toBe(3); // header + 2
    await sessions.getByText('This session').waitFor();
    await expectAccessible(page, 'account');
    await page.screenshot({ path: join(shots, 'account.png'), fullPage: true });

    // End the other session; the other browser is signed out.
    await sessions.getByRole('button', { name: /^Sign out/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => sessions.getByRole('row').count()).toBe(2);
    await sessions.getByText('This session').waitFor();
    await elsewhere.reload();
    await elsewhere.waitForURL(/\/sign-in/);

    // Profile: names, phone, time zone; saved and shown in the shell.
    const profile = page.getByRole('form', { name: 'Profile' });
    await profile.getByLabel('First name').fill('Augusta');
    await profile.getByLabel('Phone number').fill('+1 555 0100');
    await profile.getByLabel('Time zone').selectOption('Europe/London');
    await profile.getByLabel('Phone number').press('Enter');
    await page.getByText('Your profile is saved.').waitFor();
    await page.getByRole('button', { name: 'Augusta Lovelace' }).waitFor();
    const saved = await e2e.db
      .selectFrom('users')
      .select(['firstName', 'phoneNumber', 'timezone'])
      .where('id', '=', user.user.id)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ firstName: 'Augusta', phoneNumber: '+1 555 0100', timezone: 'Europe/London' });

    // A new email needs the current password: the server's fieldErrors land beside the fields.
    await profile.getByLabel('Email').fill(other.email);
    await profile.getByLabel('Current password').waitFor();
    await profile.getByLabel('Email').press('Enter');
    await profile.getByText('Enter your current password to change your email').waitFor();
    await profile.getByLabel('Current password').fill(user.password);
    await profile.getByLabel('Current password').press('Enter');
    await profile.getByText('This email is already in use').waitFor();
    expect(await profile.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'account with server errors');
    await profile.getByLabel('Email').fill(user.email);

    // Email codes off, with the password.
    const codes = page.getByRole('form', { name: 'Email codes at sign-in' });
    await codes.getByLabel('Password').fill('not my password');
    await codes.getByLabel('Password').press('Enter');
    await codes.getByText('The password is not correct').waitFor();
    await codes.getByLabel('Password').fill(user.password);
    await codes.getByLabel('Password').press('Enter');
    await page.getByText('Email codes are off.').waitFor();
    await page.getByRole('button', { name: 'Turn email codes on' }).waitFor();

    // Change the password: a wrong current one is refused beside its field, then it works.
    const password = page.getByRole('form', { name: 'Change password' });
    await password.getByLabel('Current password').fill('not my password');
    await password.getByLabel('New password', { exact: true }).fill('a fresher secret');
    await password.getByLabel('Repeat the new password').fill('a fresher secret');
    await password.getByLabel('Repeat the new password').press('Enter');
    await password.getByText('The password is not correct').waitFor();
    await password.getByLabel('Current password').fill(user.password);
    await password.getByLabel('Current password').press('Enter');
    await page.getByText('Your password is changed. Your other sessions are signed out.').waitFor();
    await expectAccessible(page, 'account after changes');

    // Sign out, then in with the new password and no code (2FA is off now).
    await page.getByRole('button', { name: 'Augusta Lovelace' }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
    const mailsBefore = e2e.smtp.mailsTo(user.email).length;
    await signIn(e2e, page, { email: user.email, password: 'a fresher secret' });
    await page.getByRole('heading', { name: 'Welcome, Augusta' }).waitFor();
    expect(e2e.smtp.mailsTo(user.email).length).toBe(mailsBefore);
  });
});
