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

const groupsTable = (page: Page) => page.getByRole('table', { name: 'Groups' });
const groupRow = (page: Page, name: string) =>
  groupsTable(page).locator('tbody tr', { has: page.getByRole('link', { name, exact: true }) });
const members = (page: Page, group: string) =>
  page.getByRole('table', { name: `Members of ${group}` }).locator('tbody tr');

describe('groups in a real browser', () => {
  it('an admin creates, renames, fills (picker search), empties and deletes a group; a taken name is said beside the field', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Harbour Practice' });
    const other = await createTestOrg(e2e.db, { name: 'Other Clinic' });
    for (const [firstName, lastName] of [
      ['Ada', 'Lovelace'],
      ['Alan', 'Turing'],
      ['Grace', 'Hopper'],
    ] as const) {
      await e2e.seedUser({ organizationId: org.id, roles: ['staff'], firstName, lastName });
    }
    await e2e.seedUser({
      organizationId: other.id,
      roles: ['staff'],
      firstName: 'Ada',
      lastName: 'Outsider',
    });
    const admin = await e2e.seedUser({ roles: ['admin'], firstName: 'Root', email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.getByRole('link', { name: 'Groups' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/groups');
    await page.getByText('No groups yet.').waitFor();

    // Create by keyboard: the button, Enter, the name, the organisation, Enter.
    await page.getByRole('button', { name: 'New group' }).focus();
    await page.keyboard.press('Enter');
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Care team');
    await dialog.getByLabel('Organisation').selectOption({ label: 'Harbour Practice' });
    await dialog.getByLabel('Name').press('Enter');
    await expect.poll(() => groupRow(page, 'Care team').count()).toBe(1);
    // The new group opens beside the list.
    await page.getByRole('heading', { name: 'Care team', level: 2 }).waitFor();
    const groupId = new URL(page.url()).searchParams.get('group') ?? '';
    expect(groupId).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByText('No members yet.').waitFor();
    await expectAccessible(page, 'groups with an empty group');

    // The same name again in that organisation: CONFLICT, shown beside the name field.
    await page.getByRole('button', { name: 'New group' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Care team');
    await dialog.getByLabel('Organisation').selectOption({ label: 'Harbour Practice' });
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.getByText('This organisation already has a group with this name').waitFor();
    expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'new group with a taken name');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // Rename.
    await page.getByRole('button', { name: 'Rename' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Care team North');
    await dialog.getByLabel('Name').press('Enter');
    await page.getByRole('heading', { name: 'Care team North', level: 2 }).waitFor();
    await expect.poll(() => groupRow(page, 'Care team North').count()).toBe(1);

    // Add two members through the picker's search: only the group's organisation is offered.
    const find = page.getByLabel('Find a user');
    await find.fill('Ada');
    const matches = page.getByRole('list', { name: 'Matching users' });
    await matches.getByText('Ada Lovelace').waitFor();
    expect(await matches.getByText('Ada Outsider').count()).toBe(0);
    await matches.getByRole('button', { name: 'Add Ada Lovelace' }).click();
    await expect.poll(() => members(page, 'Care team North').count()).toBe(1);
    await find.fill('turing');
    await matches.getByText('Alan Turing').waitFor();
    // By keyboard: Tab from the search box reaches the result's Add button.
    await find.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Add Alan Turing',
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => members(page, 'Care team North').count()).toBe(2);
    await page.getByText('2 members').waitFor();
    await expect.poll(() => groupRow(page, 'Care team North').textContent()).toContain('2');
    await find.fill('Lovelace');
    await matches.getByText('Member', { exact: true }).waitFor();
    await expectAccessible(page, 'group with members and the picker');
    await find.fill('');
    await expect.poll(() => matches.count()).toBe(0);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}groups.png`, fullPage: true });

    // Remove one.
    await page.getByRole('button', { name: 'Remove Ada Lovelace from Care team North' }).click();
    await expect.poll(() => members(page, 'Care team North').count()).toBe(1);
    expect(await members(page, 'Care team North').textContent()).toContain('Alan Turing');
    const stored = await e2e.db
      .selectFrom('groupMembers')
      .innerJoin('users', 'users.id', 'groupMembers.userId')
      .select('users.lastName')
      .where('groupMembers.groupId', '=', groupId)
      .execute();
    expect(stored.map((m) => m.lastName)).toEqual(['Turing']);

    // Delete, confirmed.
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Its 1 member keep their accounts.', { exact: false }).waitFor();
    await expectAccessible(page, 'delete group confirmation');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => groupRow(page, 'Care team North').count()).toBe(0);
    await page.getByText('No groups yet.').waitFor();
    expect(new URL(page.url()).searchParams.get('group')).toBeNull();
  });

  it('a supervisor reads their organisation’s groups and members without write actions', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Quiet Clinic' });
    const { user: member } = await e2e.seedUser({
      organizationId: org.id,
      roles: ['staff'],
      firstName: 'Mo',
      lastName: 'Member',
    });
    const group = await e2e.db
      .insertInto('groups')
      .values({ organizationId: org.id, name: 'Night shift', description: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await e2e.db.insertInto('groupMembers').values({ groupId: group.id, userId: member.id }).execute();
    const supervisor = await e2e.seedUser({
      roles: ['supervisor'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, supervisor);
    await page.goto('/groups');
    await groupRow(page, 'Night shift').waitFor();
    expect(await groupsTable(page).locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Organisation').count()).toBe(0);
    // Open it by keyboard.
    await page.getByRole('link', { name: 'Night shift', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => members(page, 'Night shift').count()).toBe(1);
    expect(await page.getByRole('button', { name: /^(New group|Rename|Delete|Remove .*)$/ }).count()).toBe(0);
    expect(await page.getByLabel('Find a user').count()).toBe(0);
    await expectAccessible(page, 'groups (supervisor)');
  });
});
