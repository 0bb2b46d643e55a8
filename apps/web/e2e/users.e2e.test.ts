import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '@praxis/db/seed';
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

const rows = (page: Page) => page.getByRole('table', { name: 'Users' }).locator('tbody tr');
const pathAndSearch = (page: Page) => {
  const url = new URL(page.url());
  return { path: url.pathname, search: url.searchParams };
};

/** A clinic of 25 staff (5 of them clinical, one "Quill") and its client admin, alone in its organisation. */
async function seedClinic() {
  const org = await createTestOrg(e2e.db, { name: 'Northwind Clinic' });
  const admin = await e2e.seedUser({
    roles: ['client_admin'],
    organizationId: org.id,
    firstName: 'Cleo',
    lastName: 'Clinic',
    email2faEnabled: false,
  });
  const staff = [];
  for (let i = 0; i < 25; i++) {
    const { user } = await e2e.seedUser({
      roles: i % 5 === 0 ? ['provider'] : ['staff'],
      organizationId: org.id,
      firstName: i === 7 ? 'Zed' : `Member${String(i).padStart(2, '0')}`,
      lastName: i === 7 ? 'Quill' : 'Northwind',
      email: `nw${String(i).padStart(2, '0')}@northwind.test`,
      clinical: i % 5 === 0,
      createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
    });
    staff.push(user);
  }
  return { org, admin, staff };
}

describe('users administration in a real browser', () => {
  it('an admin sees the demo data (screenshot), with 2FA off; a stale offer in another tab is refused', async () => {
    // Past 10,000 matches the total is an estimate and deep pages go by cursor.
    await seedDemo(e2e.db, { users: 11_000, organizations: 6 });
    const demoAdmin = DEMO_ACCOUNTS.find((account) => account.roles.includes('admin'));
    if (!demoAdmin) throw new Error('no demo admin');
    const page = await e2e.newPage();
    await signIn(e2e, page, { email: demoAdmin.email, password: DEMO_PASSWORD });
    await page.goto('/users');
    await expect.poll(() => rows(page).count()).toBe(20);
    await expect.poll(() => page.getByText('unknown').count()).toBe(0);
    await expectAccessible(page, 'users list (demo data)');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}users.png`, fullPage: true });
    await page.getByText(/^1–20 of about [\d,]+$/).waitFor();

    // Page 500 by number; the next one by the answer's cursor (keyset: same cost at any depth).
    await page.goto('/users?page=500');
    await page.getByText(/^9,981–10,000 of about/).waitFor();
    await page.getByRole('link', { name: 'Next' }).click();
    await expect.poll(() => pathAndSearch(page).search.get('cursor')).toBeTruthy();
    expect(pathAndSearch(page).search.get('page')).toBe('501');
    await page.getByText('Page 501').waitFor();
    await page.getByText(/^10,001–10,020 of about/).waitFor();
    await expect.poll(() => rows(page).count()).toBe(20);
    await page.getByRole('link', { name: 'Next' }).click();
    await page.getByText('Page 502').waitFor();
    await page.goBack();
    await page.getByText('Page 501').waitFor();
    await expect.poll(() => rows(page).count()).toBe(20);

    // Two tabs: the demo admin has Otto's page open (removing his admin role is offered), while
    // Otto, in his own browser, takes the demo admin's admin role. The stale offer is refused.
    const other = await e2e.seedUser({
      roles: ['admin', 'staff'],
      email2faEnabled: false,
      firstName: 'Otto',
      lastName: 'Other',
    });
    const demoRow = await e2e.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', demoAdmin.email)
      .executeTakeFirstOrThrow();
    // A user keeps at least one role: give the demo admin another so that admin can be taken.
    await e2e.db
      .updateTable('users')
      .set({ roles: ['admin', 'staff'] })
      .where('id', '=', demoRow.id)
      .execute();
    await page.goto(`/users/${other.user.id}`);
    await page.getByRole('button', { name: 'Remove role admin' }).waitFor();
    const otto = await e2e.newPage();
    await signIn(e2e, otto, other);
    await otto.goto(`/users/${demoRow.id}`);
    await otto.getByRole('button', { name: 'Remove role admin' }).click();
    await otto.getByText('Role removed').waitFor();
    await page.getByRole('button', { name: 'Remove role admin' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Not done' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/may not|not allowed/i);
    await expectAccessible(page, 'user detail with a refusal (two tabs)');
  });
  it('search, filter, sort, page, open, archive and unarchive, bulk results, a refusal; axe and keyboard', async () => {
    const { admin, staff } = await seedClinic();
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);

    // The nav shows Users to a client admin; reach it by keyboard.
    const usersLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });
    await usersLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await expect.poll(() => rows(page).count()).toBe(20);
    await page.getByText('1–20 of 26').waitFor();
    await expectAccessible(page, 'users list');

    // Search as you type: one request once typing pauses, not one per key.
    const listRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('users.list')) listRequests.push(request.url());
    });
    await page.getByLabel('Search').pressSequentially('quill', { delay: 40 });
    await expect.poll(() => rows(page).count()).toBe(1);
    await expect.poll(() => pathAndSearch(page).search.get('q')).toBe('quill');
    expect(listRequests.length).toBe(1);
    await expect.poll(() => rows(page).first().textContent()).toContain('Zed Quill');

    // Clearing the search, then a filter: the URL carries it.
    await page.getByLabel('Search').fill('');
    await expect.poll(() => rows(page).count()).toBe(20);
    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel('Clinical', { exact: true }).selectOption('yes');
    await expect.poll(() => rows(page).count()).toBe(5);
    expect(pathAndSearch(page).search.get('clinical')).toBe('true');
    await expectAccessible(page, 'users list, filtered');

    // A bookmarked view restores as it was.
    const bookmarked = page.url();
    const other = await e2e.newPage();
    await signIn(e2e, other, admin);
    await other.goto(bookmarked);
    await expect.poll(() => rows(other).count()).toBe(5);
    await expect.poll(() => other.getByLabel('Clinical', { exact: true }).inputValue()).toBe('yes');
    await other.context().close();

    await page.getByLabel('Clinical', { exact: true }).selectOption('');
    await expect.poll(() => rows(page).count()).toBe(20);

    // Sort by clicking the Email header, by keyboard; aria-sort says so.
    const emailHeader = page.getByRole('columnheader', { name: /Email/ });
    await emailHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect
      .poll(() => rows(page).first().textContent())
      .toContain(admin.email < 'nw' ? admin.email : 'nw00@northwind.test');
    await emailHeader.getByRole('button').click();
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => rows(page).first().textContent()).toContain('nw24@northwind.test');

    // Page 2, then Back restores page 1.
    await page.getByRole('link', { name: 'Page 2' }).click();
    await expect.poll(() => rows(page).count()).toBe(6);
    await page.getByText('21–26 of 26').waitFor();
    await page.goBack();
    await expect.poll(() => rows(page).count()).toBe(20);
    expect(pathAndSearch(page).search.get('page')).toBeNull();
    expect(pathAndSearch(page).search.get('sort')).toBe('email');

    // Open a user by keyboard (its name link), then archive and unarchive.
    const target = staff[20];
    if (!target) throw new Error('no target');
    await page.getByRole('link', { name: `${target.firstName} ${target.lastName}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `${target.firstName} ${target.lastName}` }).waitFor();
    expect(pathAndSearch(page).path).toBe(`/users/${target.id}`);
    await expectAccessible(page, 'user detail');
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByRole('button', { name: 'Unarchive', exact: true }).waitFor();
    await page.getByText('archived', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Unarchive', exact: true }).click();
    await page.getByRole('button', { name: 'Archive', exact: true }).waitFor();

    // The edit form checks the NPI's check digit before sending, beside the field.
    await page.getByLabel('NPI').fill('1234567890');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('NPI must be 10 digits with a valid check digit').waitFor();
    expect(await page.getByLabel('NPI').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'user detail with a field error');
    await page.getByLabel('NPI').fill('1234567893');
    await page.getByLabel('Title').fill('Dr');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved').waitFor();

    // A refusal the page could not foresee: meanwhile the account became a support account
    // (only admins change those). The stale page still offers Disable; the server's refusal shows.
    await e2e.db
      .updateTable('users')
      .set({ roles: ['support'] })
      .where('id', '=', target.id)
      .execute();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    const refusal = page
      .getByRole('alert')
      .filter({ hasText: 'Only an admin may change an account with the role support' });
    await refusal.waitFor();
    await expectAccessible(page, 'user detail with a refusal');

    // Back on the list: bulk disable two users and the support holder; per-row results.
    await page.goto('/users?sort=%22email%22&dir=%22asc%22&size=50');
    await expect.poll(() => rows(page).count()).toBe(26);
    const pick = [staff[1], staff[2], target];
    for (const user of pick) await page.getByLabel(`Select ${user?.email}`).check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Disable' }).click();
    const rowOf = (email: string) => rows(page).filter({ hasText: email });
    await expect.poll(() => rowOf(staff[1]?.email ?? '').textContent()).toContain('disable: done');
    await expect.poll(() => rowOf(staff[2]?.email ?? '').textContent()).toContain('disable: done');
    await expect.poll(() => rowOf(target.email).textContent()).toContain('Only an admin may change');
    await expect.poll(() => rowOf(staff[1]?.email ?? '').textContent()).toContain('inactive');
    await expectAccessible(page, 'users list with bulk results');

    // The archived view, and its empty state.
    await page.getByRole('link', { name: 'Archived' }).click();
    await page.getByRole('heading', { name: 'Archived users' }).waitFor();
    await page.getByText('No archived users.').waitFor();
    await expectAccessible(page, 'archived users (empty)');
  });
});
