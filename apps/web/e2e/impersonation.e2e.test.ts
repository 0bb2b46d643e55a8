import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestOrg } from '@praxis/db/testing';
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

describe('impersonation in a real browser', () => {
  it('an admin signs in as a user with a reason, sees the banner, and stops back into their own session', async () => {
    const org = await createTestOrg(e2e.db, { name: 'North Clinic' });
    const admin = await e2e.seedUser({
      roles: ['admin'],
      organizationId: org.id,
      firstName: 'Grace',
      lastName: 'Hopper',
      email2faEnabled: false,
    });
    const target = await e2e.seedUser({
      roles: ['provider'],
      organizationId: org.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    const otherAdmin = await e2e.seedUser({ roles: ['admin'], organizationId: org.id });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);

    // Another admin's page offers no impersonation.
    await page.goto(`/users/${otherAdmin.user.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in as this user' }).count()).toBe(0);

    await page.goto(`/users/${target.user.id}`);
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('button', { name: 'Sign in as this user' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Sign in as ${target.email}?` }).waitFor();
    // A blank reason is refused beside the field.
    await dialog.getByRole('button', { name: 'Sign in as this user' }).click();
    await dialog.getByText('Say why you are signing in as this user').waitFor();
    await expectAccessible(page, 'impersonate dialog');
    await dialog.getByLabel('Reason').fill('Ticket 42: schedule missing');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    const banner = page.getByRole('region', { name: 'Impersonation' });
    await banner.getByText(`You (${admin.email}) are signed in as`).waitFor();
    await banner.getByText('Ada Lovelace').waitFor();
    await page.getByRole('button', { name: 'Ada Lovelace' }).waitFor();
    await expectAccessible(page, 'impersonating');
    await page.screenshot({ path: join(shots, 'impersonating.png'), fullPage: true });
    const mail = await e2e.smtp.waitFor(
      target.email,
      (m) => m.subject === 'Grace Hopper signed in as you on Praxis',
    );
    expect(mail.body).toContain('Ticket 42: schedule missing');

    // The account page: no password or 2FA forms, and the session says who opened it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByText(`Opened by ${admin.email}`).waitFor();
    expect(await page.getByRole('heading', { name: 'Password' }).count()).toBe(0);

    await banner.getByRole('button', { name: 'Stop impersonating' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Grace Hopper' }).waitFor();
    expect(await page.getByRole('region', { name: 'Impersonation' }).count()).toBe(0);
    const left = await e2e.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', target.user.id)
      .where('impersonatorId', 'is not', null)
      .execute();
    expect(left).toEqual([]);
  });
});
