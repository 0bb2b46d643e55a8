import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestOrg, TEST_PASSWORD } from '@praxis/db/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
});
afterAll(() => e2e?.close());

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const section = (page: Page, name: string) => page.getByRole('region', { name });
const address = (page: Page, n: number) =>
  section(page, 'Addresses').getByRole('group', { name: `Address ${n}` });
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return null;
    return (
      element.getAttribute('aria-label') ??
      (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null)
    );
  });
/** The error message the field's aria-describedby points at (the one shown under it), or null. */
const errorBeside = (field: Locator) =>
  field.evaluate((element) => {
    const ids = element.getAttribute('aria-describedby')?.split(' ') ?? [];
    const error = ids.map((id) => document.getElementById(id)).find((node) => node?.id.endsWith('-error'));
    return element.getAttribute('aria-invalid') === 'true' ? (error?.textContent ?? null) : null;
  });
const cities = (page: Page) =>
  section(page, 'Addresses')
    .getByRole('group')
    .evaluateAll((groups) =>
      groups.map((group) => {
        const label = [...group.querySelectorAll('label')].find((l) => l.textContent === 'City');
        return (document.getElementById(label?.htmlFor ?? '') as HTMLInputElement | null)?.value ?? '';
      }),
    );

/** A bearer token for e2e.api (the account has no email codes). */
async function sessionToken(email: string) {
  const login = await e2e.api().auth.login.mutate({ email, password: TEST_PASSWORD });
  if (login.status !== 'authenticated') throw new Error('expected a session without email codes');
  return login.token;
}

// The image host of the preview (the browser has no network): an SVG avatar.
async function serveImages(page: Page) {
  await page.route('https://images.example.test/**', (route) =>
    route.fulfill({
      contentType: 'image/svg+xml',
      body: '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80"><rect width="80" height="80" fill="#4f46e5"/><text x="40" y="50" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">AL</text></svg>',
    }),
  );
}

describe('the practice profile editor in a real browser', () => {
  it('a user edits all four sections of their own profile, reorders addresses by keyboard and saves once', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Riverside Therapy' });
    const owner = await e2e.seedUser({
      roles: ['provider'],
      organizationId: org.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email2faEnabled: false,
    });
    const token = await sessionToken(owner.email);
    await e2e.api(token).profiles.upsert.mutate({
      userId: owner.user.id,
      addresses: [
        { addressLine1: '1 Mill Lane', city: 'Leeds', country: 'UK' },
        { addressLine1: '2 Quay Street', city: 'York', country: 'UK' },
      ],
    });

    const page = await e2e.newPage();
    await serveImages(page);
    await signIn(e2e, page, owner);
    await nav(page, 'Account').click();
    await page.getByRole('link', { name: /Practice profile/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/profile');
    const personal = section(page, 'Personal');
    await expect.poll(() => personal.getByLabel('First name').inputValue()).toBe('Ada');
    expect(await cities(page)).toEqual(['Leeds', 'York']);
    await expectAccessible(page, 'practice profile');

    // Keyboard: Tab moves through the personal fields in reading order.
    await personal.getByLabel('First name').focus();
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Last name');

    // The browser checks the time zone and the NPI with the server's rules, when a field is left.
    await personal.getByLabel('First name').fill('Augusta Ada');
    await personal.getByLabel('Phone number').fill('+44 113 496 0000');
    await personal.getByLabel('Time zone').fill('+05:00');
    await personal.getByLabel('Time zone').press('Tab');
    await expect
      .poll(() => errorBeside(personal.getByLabel('Time zone')))
      .toBe('Unknown time zone (use e.g. America/New_York)');
    expect(await personal.getByRole('alert').textContent()).toContain('1 problem in Personal');
    await personal.getByLabel('Time zone').fill('Europe/London');
    await personal.getByLabel('Time zone').press('Tab');
    await expect.poll(() => personal.getByText(/Unknown time zone/).count()).toBe(0);
    expect(await errorBeside(personal.getByLabel('Time zone'))).toBeNull();
    const professional = section(page, 'Professional');
    await professional.getByLabel('NPI').fill('1234567890');
    await professional.getByLabel('NPI').press('Tab');
    await expect
      .poll(() => errorBeside(professional.getByLabel('NPI')))
      .toBe('NPI must be 10 digits with a valid check digit');
    await professional.getByLabel('NPI').fill('1234567893');
    await professional.getByLabel('NPI').press('Tab');
    await expect.poll(() => professional.getByText(/NPI must be/).count()).toBe(0);
    await section(page, 'Account').getByLabel('Login id').fill('ada-emr');

    // The image URL is previewed once it is an http(s) URL.
    await personal.getByLabel('Image URL').fill('javascript:alert(1)');
    expect(await personal.getByRole('img', { name: 'Profile' }).count()).toBe(0);
    await personal.getByLabel('Image URL').fill('https://images.example.test/ada.svg');
    const preview = personal.getByRole('img', { name: 'Profile' });
    await expect
      .poll(() =>
        preview.evaluate(
          (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth,
        ),
      )
      .toBe(80);

    // Addresses by keyboard: move the second up (focus follows it), add one, remove one.
    await page.getByRole('button', { name: 'Move address 2 up' }).focus();
    await page.keyboard.press('Enter');
    expect(await cities(page)).toEqual(['York', 'Leeds']);
    // It is first now: "up" is disabled, so the focus is on its "down" button.
    await expect.poll(() => focusedLabel(page)).toBe('Move address 1 down');
    await page.keyboard.press('Enter');
    expect(await cities(page)).toEqual(['Leeds', 'York']);
    await expect.poll(() => focusedLabel(page)).toBe('Move address 2 up');
    await page.keyboard.press('Enter');
    expect(await cities(page)).toEqual(['York', 'Leeds']);
    await page.getByRole('button', { name: 'Add address' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(page)).toBe('Address line 1');
    await page.keyboard.type('3 Canal Wharf');
    await address(page, 3).getByLabel('City').fill('Hull');
    await address(page, 3).getByLabel('Country').fill('UK');
    await page.getByRole('button', { name: 'Remove address 2' }).click();
    expect(await cities(page)).toEqual(['York', 'Hull']);
    await expectAccessible(page, 'practice profile with edits');

    // Leaving with unsaved edits asks first; staying keeps them.
    await nav(page, 'Account').click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await expectAccessible(page, 'unsaved changes dialog');
    await leave.getByRole('button', { name: 'Stay on this page' }).click();
    await expect.poll(() => leave.count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/profile');
    expect(await personal.getByLabel('First name').inputValue()).toBe('Augusta Ada');

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}profile.png`, fullPage: true });

    // One save, one request, writes all four sections.
    const upserts: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/trpc/profiles.upsert')) upserts.push(request.method());
    });
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByText('All changes saved').count()).toBe(1);
    expect(upserts).toEqual(['POST']);
    const stored = await e2e.db
      .selectFrom('users')
      .select(['firstName', 'phoneNumber', 'timezone', 'imageUrl', 'npi'])
      .where('id', '=', owner.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      firstName: 'Augusta Ada',
      phoneNumber: '+44 113 496 0000',
      timezone: 'Europe/London',
      imageUrl: 'https://images.example.test/ada.svg',
      npi: '1234567893',
    });
    const events = await e2e.db
      .selectFrom('auditEvents')
      .select(['metadata'])
      .where('action', '=', 'profiles.upsert')
      .where('targetId', '=', owner.user.id)
      .orderBy('createdAt', 'desc')
      .execute();
    expect(events[0]?.metadata).toMatchObject({
      sections: ['personal', 'addresses', 'account', 'professional'],
    });

    // Reloading shows what was saved, addresses in their order; leaving no longer asks.
    await page.reload();
    await expect.poll(() => personal.getByLabel('First name').inputValue()).toBe('Augusta Ada');
    expect(await cities(page)).toEqual(['York', 'Hull']);
    expect(await section(page, 'Account').getByLabel('Login id').inputValue()).toBe('ada-emr');
    expect(await professional.getByLabel('NPI').inputValue()).toBe('1234567893');
    expect(await personal.getByLabel('Time zone').inputValue()).toBe('Europe/London');
    const profile = await e2e.api(token).profiles.get.query({ userId: owner.user.id });
    expect(profile.addresses.map((a) => a.addressLine1)).toEqual(['2 Quay Street', '3 Canal Wharf']);
    expect(profile.account.loginid).toBe('ada-emr');

    // A new email of one's own takes the current password: the server's error on currentPassword
    // is shown in Personal, beside the field that appears, and the focus goes there.
    const newEmail = `augusta-${Date.now()}@example.test`;
    await personal.getByLabel('Email').fill(newEmail);
    await page.getByRole('button', { name: 'Save profile' }).click();
    const password = personal.getByLabel('Current password');
    await expect.poll(() => errorBeside(password)).toBe('Enter your current password to change your email');
    await expect.poll(() => focusedLabel(page)).toBe('Current password');
    await password.fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('All changes saved').count()).toBe(1);
    const moved = await e2e.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', owner.user.id)
      .executeTakeFirstOrThrow();
    expect(moved.email).toBe(newEmail);

    await nav(page, 'Account').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
  });

  it('an admin edits another user: an email taken in Personal fails the save, shown there, and nothing is written', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Hillside Clinic' });
    const target = await e2e.seedUser({ roles: ['staff'], organizationId: org.id, firstName: 'Grace' });
    const other = await e2e.seedUser({ roles: ['staff'], organizationId: org.id });
    const admin = await e2e.seedUser({ roles: ['admin'], email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.goto(`/users/${target.user.id}`);
    await page.getByRole('link', { name: /Practice profile/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/users/${target.user.id}/profile`);
    const personal = section(page, 'Personal');
    await expect.poll(() => personal.getByLabel('First name').inputValue()).toBe('Grace');

    await personal.getByLabel('First name').fill('Grace B.');
    await personal.getByLabel('Email').fill(other.email);
    await page.getByRole('button', { name: 'Add address' }).click();
    await address(page, 1).getByLabel('Address line 1').fill('9 Harbour Road');
    await section(page, 'Account').getByLabel('Login id').fill('grace-emr');
    await section(page, 'Professional').getByLabel('NPI').fill('1234567893');
    await page.getByRole('button', { name: 'Save profile' }).click();

    // The server's conflict is on personal.email: beside the Email field and in Personal's summary.
    const emailError = personal.getByText('This email is already in use');
    await expect.poll(() => emailError.count()).toBe(2);
    expect(await errorBeside(personal.getByLabel('Email'))).toBe('This email is already in use');
    await expect.poll(() => personal.getByRole('alert').getByText('1 problem in Personal').count()).toBe(1);
    for (const name of ['Addresses', 'Account', 'Professional']) {
      expect(await section(page, name).getByRole('alert').count()).toBe(0);
    }
    await expectAccessible(page, 'practice profile with a server error');

    // All or nothing: none of the other sections' edits were written.
    const stored = await e2e.db
      .selectFrom('users')
      .select(['firstName', 'email', 'npi'])
      .where('id', '=', target.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ firstName: 'Grace', email: target.email, npi: null });
    const token = await sessionToken(admin.email);
    const profile = await e2e.api(token).profiles.get.query({ userId: target.user.id });
    expect(profile.addresses).toEqual([]);
    expect(profile.account.loginid).toBeNull();
    const audited = await e2e.db
      .selectFrom('auditEvents')
      .select('id')
      .where('action', '=', 'profiles.upsert')
      .where('targetId', '=', target.user.id)
      .execute();
    expect(audited).toEqual([]);

    // The edits are still in the form: closing the tab asks the browser's own question.
    const question = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await question;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    expect(page.isClosed()).toBe(false);

    // Fixing the one field saves everything else at once.
    await personal.getByLabel('Email').fill(`grace-${Date.now()}@example.test`);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByText('All changes saved').count()).toBe(1);
    const saved = await e2e.api(token).profiles.get.query({ userId: target.user.id });
    expect(saved.personal.firstName).toBe('Grace B.');
    expect(saved.addresses.map((a) => a.addressLine1)).toEqual(['9 Harbour Road']);
    expect(saved.account.loginid).toBe('grace-emr');
    expect(saved.professional.npi).toBe('1234567893');
  });

  it('the user page links to the practice profile only for those who may write the user', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Brookside Care' });
    const target = await e2e.seedUser({ roles: ['staff'], organizationId: org.id });
    const supervisor = await e2e.seedUser({
      roles: ['supervisor'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, supervisor);
    await page.goto(`/users/${target.user.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: /Practice profile/ }).count()).toBe(0);
  });
});
