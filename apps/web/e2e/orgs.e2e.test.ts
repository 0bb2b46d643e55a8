import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestOrg } from '@praxis/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
});
afterAll(() => e2e?.close());

const table = (page: Page) => page.getByRole('table', { name: 'Organisations' });
const row = (page: Page, name: string) => table(page).locator('tbody tr', { hasText: name });

describe('organisations in a real browser', () => {
  it('an admin creates, renames, deactivates (confirmed), archives and unarchives an organisation', async () => {
    const other = await createTestOrg(e2e.db, { name: 'Harbour Practice' });
    await e2e.seedUser({ organizationId: other.id, roles: ['staff'], email2faEnabled: false });
    const admin = await e2e.seedUser({ roles: ['admin'], firstName: 'Ada', email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.getByRole('link', { name: 'Organisations' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/orgs');
    await expect.poll(() => row(page, 'Harbour Practice').count()).toBe(1);

    // Create by keyboard: focus the button, Enter, type the name, Enter submits.
    await page.getByRole('button', { name: 'New organisation' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('   ');
    await page.keyboard.press('Enter');
    // The server's field error is shown beside the field.
    await expect.poll(() => dialog.getByText('Name is required').count()).toBeGreaterThan(0);
    await dialog.getByLabel('Name').fill('Lakeside Clinic');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, 'Lakeside Clinic').count()).toBe(1);
    await expectAccessible(page, 'organisations list');

    // Rename.
    await page.getByRole('button', { name: 'Edit Lakeside Clinic' }).click();
    await expectAccessible(page, 'edit organisation dialog');
    await page.getByRole('dialog').getByLabel('Name').fill('Lakeside Health');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row(page, 'Lakeside Health').count()).toBe(1);

    // Deactivate another organisation with members: the confirmation says they are signed out.
    await page.getByRole('button', { name: 'Deactivate Harbour Practice' }).click();
    const confirm = page.getByRole('dialog');
    await expect.poll(() => confirm.getByText(/1 member will be signed out/).count()).toBe(1);
    await expectAccessible(page, 'deactivate confirmation');
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => row(page, 'Harbour Practice').getByText('Inactive').count()).toBe(1);
    const stored = await e2e.db
      .selectFrom('organizations')
      .select('status')
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('inactive');

    // Status filter lives in the URL.
    await page.getByLabel('Status').selectOption('inactive');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('inactive');
    await expect.poll(() => row(page, 'Lakeside Health').count()).toBe(0);
    await expect.poll(() => row(page, 'Harbour Practice').count()).toBe(1);
    await page.getByLabel('Status').selectOption('');

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}orgs.png`, fullPage: true });

    // Member count links to the users list filtered by the organisation.
    const membersHref = await row(page, 'Harbour Practice').getByRole('link').getAttribute('href');
    expect(membersHref).toBe(`/users?org=${other.id}`);

    // Archive, then find it in the archived view and unarchive it.
    await page.getByRole('button', { name: 'Archive Lakeside Health' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
    await expect.poll(() => row(page, 'Lakeside Health').count()).toBe(0);
    await page.getByRole('link', { name: 'Archived' }).click();
    await expect.poll(() => row(page, 'Lakeside Health').count()).toBe(1);
    await expectAccessible(page, 'archived organisations');
    await page.getByRole('button', { name: 'Unarchive Lakeside Health' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Unarchive' }).click();
    await expect.poll(() => row(page, 'Lakeside Health').count()).toBe(0);
    await page.getByRole('link', { name: 'Current' }).click();
    await expect.poll(() => row(page, 'Lakeside Health').count()).toBe(1);
  });

  it('a client admin sees only their own organisation and no admin actions', async () => {
    const own = await createTestOrg(e2e.db, { name: 'Own Clinic' });
    await createTestOrg(e2e.db, { name: 'Someone Else Clinic' });
    const clientAdmin = await e2e.seedUser({
      roles: ['client_admin'],
      organizationId: own.id,
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, clientAdmin);
    await page.goto('/orgs');
    await expect.poll(() => row(page, 'Own Clinic').count()).toBe(1);
    expect(await table(page).locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'New organisation' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Deactivate|Archive) / }).count()).toBe(0);
    await expectAccessible(page, 'organisations (client admin)');
    // They may rename their own, without a therapist field, and require 2FA of its members.
    await page.getByRole('button', { name: 'Edit Own Clinic' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Therapist').count()).toBe(0);
    await dialog.getByLabel('Members must use two-factor authentication').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const saved = await e2e.db
      .selectFrom('organizations')
      .select('requireTwoFactor')
      .where('id', '=', own.id)
      .executeTakeFirstOrThrow();
    expect(saved.requireTwoFactor).toBe(true);
    // Without 2FA of their own, their next screen is the enrolment one.
    await page.goto('/orgs');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/two-factor-setup');
  });

  it('pages through more organisations than one page holds, the page in the URL', async () => {
    const prefix = `Paged ${crypto.randomUUID().slice(0, 8)}`;
    // 55 organisations: a full page of 50 and five more, named so they sort in number order.
    for (let n = 1; n <= 55; n++) {
      await createTestOrg(e2e.db, { name: `${prefix} ${String(n).padStart(2, '0')}` });
    }
    const admin = await e2e.seedUser({ roles: ['admin'], email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.goto(`/orgs?q=${encodeURIComponent(prefix)}`);
    const pages = page.getByRole('navigation', { name: 'Organisation pages' });
    await expect.poll(() => pages.getByText('1–50 of 55').count()).toBe(1);
    expect(await table(page).locator('tbody tr').count()).toBe(50);
    expect(await row(page, `${prefix} 51`).count()).toBe(0);

    // By keyboard: focus page 2 and press Enter.
    await pages.getByRole('button', { name: 'Page 2' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
    await expect.poll(() => pages.getByText('51–55 of 55').count()).toBe(1);
    expect(await table(page).locator('tbody tr').count()).toBe(5);
    expect(await row(page, `${prefix} 55`).count()).toBe(1);
    await expectAccessible(page, 'organisations, page 2');

    // A new search starts again at page 1.
    await page.getByLabel('Search').fill(`${prefix} 0`);
    await page.getByLabel('Search').press('Enter');
    await expect.poll(() => pages.getByText('1–9 of 9').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();
  });
});
