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

const table = (page: Page) => page.getByRole('table', { name: 'Patients' });
const row = (page: Page, name: string) => table(page).locator('tbody tr', { hasText: name });

describe('patients in a real browser', () => {
  it('a client admin creates, edits, links and unlinks a parent, archives and restores a patient', async () => {
    const org = await createTestOrg(e2e.db);
    const admin = await e2e.seedUser({
      roles: ['client_admin'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const parent = await e2e.seedUser({
      roles: ['parent'],
      organizationId: org.id,
      firstName: 'Paula',
      lastName: 'Parent',
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/patients');
    await page.getByText('No patients yet.').waitFor();

    // Create by keyboard; the server's field error shows beside its field first.
    await page.getByRole('button', { name: 'New patient' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('First name').fill('Mia');
    await page.keyboard.press('Enter');
    const lastName = dialog.getByLabel('Last name');
    await expect.poll(() => lastName.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await lastName.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toBe(
      'Last name is required',
    );
    expect(await dialog.getByLabel('First name').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'new patient dialog with an error');
    await lastName.fill('Stone');
    await dialog.getByLabel('Date of birth').fill('2018-04-02');
    await lastName.press('Enter');
    await expect.poll(() => row(page, 'Mia Stone').count()).toBe(1);
    expect(await row(page, 'Mia Stone').textContent()).toContain('2018-04-02');
    await expectAccessible(page, 'patients list');

    // Edit: rename and make inactive.
    await page.getByRole('button', { name: 'Edit Mia Stone' }).click();
    await dialog.getByLabel('First name').fill('Maya');
    await dialog.getByLabel('Active').uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row(page, 'Maya Stone').getByText('Inactive').count()).toBe(1);
    const stored = await e2e.db
      .selectFrom('patients')
      .select(['id', 'firstName', 'active', 'dateOfBirth'])
      .where('organizationId', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ firstName: 'Maya', active: false, dateOfBirth: '2018-04-02' });

    // Link a parent: find them by name, link, and see them listed.
    await page.getByRole('button', { name: /parents? of Maya Stone$/ }).click();
    const parents = page.getByRole('dialog', { name: 'Parents of Maya Stone' });
    await parents.getByLabel('Find a parent').fill('Paula');
    await parents.getByLabel('Find a parent').press('Enter');
    await parents.getByRole('button', { name: 'Link Paula Parent' }).click();
    await parents.getByRole('button', { name: 'Unlink Paula Parent' }).waitFor();
    await expectAccessible(page, 'parents dialog');
    const links = () =>
      e2e.db.selectFrom('patientParents').select('userId').where('patientId', '=', stored.id).execute();
    expect(await links()).toEqual([{ userId: parent.user.id }]);
    await page.keyboard.press('Escape');
    await expect.poll(() => row(page, 'Maya Stone').getByText('1 parent').count()).toBe(1);

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}patients.png`, fullPage: true });

    // The parent sees their linked patient, read-only.
    const parentPage = await e2e.newPage();
    await signIn(e2e, parentPage, parent);
    await parentPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await expect.poll(() => row(parentPage, 'Maya Stone').count()).toBe(1);
    expect(await parentPage.getByRole('button', { name: /New patient|Edit|Archive|parents/ }).count()).toBe(
      0,
    );
    await expectAccessible(parentPage, 'patients (parent)');
    await parentPage.context().close();

    // Unlink.
    await page.getByRole('button', { name: /parents? of Maya Stone$/ }).click();
    await parents.getByRole('button', { name: 'Unlink Paula Parent' }).click();
    await parents.getByText('No parents linked.').waitFor();
    expect(await links()).toEqual([]);
    await page.keyboard.press('Escape');

    // Archive (confirmed), find it among the archived, restore it.
    await page.getByRole('button', { name: 'Archive Maya Stone' }).click();
    const confirm = page.getByRole('dialog', { name: 'Archive Maya Stone?' });
    await expectAccessible(page, 'archive confirmation');
    await confirm.getByRole('button', { name: 'Archive' }).click();
    await expect.poll(() => row(page, 'Maya Stone').count()).toBe(0);
    await page.getByRole('link', { name: 'Archived' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('archived')).toBe('true');
    await expect.poll(() => row(page, 'Maya Stone').count()).toBe(1);
    await page.getByRole('button', { name: 'Restore Maya Stone' }).click();
    await page
      .getByRole('dialog', { name: 'Restore Maya Stone?' })
      .getByRole('button', { name: 'Restore' })
      .click();
    await expect.poll(() => row(page, 'Maya Stone').count()).toBe(0);
    await page.getByRole('link', { name: 'Current' }).click();
    await expect.poll(() => row(page, 'Maya Stone').count()).toBe(1);

    // Search and status filter live in the URL.
    await page.getByLabel('Search').fill('nobody');
    await page.getByLabel('Search').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('nobody');
    await page.getByText('No patients match.').waitFor();
    await page.goto('/patients?status=inactive');
    await expect.poll(() => row(page, 'Maya Stone').count()).toBe(1);
    expect(await page.getByLabel('Status').inputValue()).toBe('inactive');
  });

  it('an admin filters by organisation (in the URL) and creates a patient in a chosen one', async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const north = await createTestOrg(e2e.db, { name: `North ${suffix}` });
    // More organisations than the picker's first 100 by name: the chosen one is still offered.
    for (let n = 0; n < 100; n++) await createTestOrg(e2e.db, { name: `Aaa filler ${suffix} ${n}` });
    const south = await createTestOrg(e2e.db, { name: `South ${suffix}` });
    await e2e.db
      .insertInto('patients')
      .values([
        { organizationId: north.id, firstName: 'Nora', lastName: `North${suffix}` },
        { organizationId: south.id, firstName: 'Sam', lastName: `South${suffix}` },
      ])
      .execute();
    const admin = await e2e.seedUser({ roles: ['admin'], email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.goto(`/patients?q=${suffix}`);
    await expect.poll(() => row(page, `Nora North${suffix}`).textContent()).toContain(`North ${suffix}`);
    expect(await row(page, `Sam South${suffix}`).count()).toBe(1);
    // Only names holding the search term are listed (other tests' patients share this database).
    const names = await table(page).locator('tbody tr td:first-child').allTextContents();
    for (const name of names) expect(name).toContain(suffix);

    // The organisation filter lives in the URL (here beyond the picker's first 100 by name).
    await page.goto(`/patients?q=${suffix}&org=${south.id}`);
    await expect.poll(() => page.getByLabel('Organisation').inputValue()).toBe(south.id);
    await expect.poll(() => row(page, `Nora North${suffix}`).count()).toBe(0);
    expect(await row(page, `Sam South${suffix}`).count()).toBe(1);
    await expectAccessible(page, 'patients (admin, one organisation)');

    // A new patient goes to the organisation the list shows.
    await page.getByRole('button', { name: 'New patient' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Organisation').inputValue()).toBe(south.id);
    await dialog.getByLabel('First name').fill('Sol');
    await dialog.getByLabel('Last name').fill(`South${suffix}`);
    await dialog.getByRole('button', { name: 'Create patient' }).click();
    await expect.poll(() => row(page, `Sol South${suffix}`).count()).toBe(1);
    const created = await e2e.db
      .selectFrom('patients')
      .select('organizationId')
      .where('firstName', '=', 'Sol')
      .where('lastName', '=', `South${suffix}`)
      .executeTakeFirstOrThrow();
    expect(created.organizationId).toBe(south.id);
  });
});
