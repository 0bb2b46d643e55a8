import { randomUUID } from 'node:crypto';
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

const rows = (page: Page) => page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');

/** Events written straight into the table, as the server's recordAudit would. */
async function seedEvents(
  count: number,
  event: {
    action: string;
    organizationId?: string | null;
    targetId?: string;
    actorId?: string | null;
    impersonatorId?: string | null;
  },
) {
  await e2e.db
    .insertInto('auditEvents')
    .values(
      Array.from({ length: count }, (_, i) => ({
        actorId: event.actorId ?? null,
        impersonatorId: event.impersonatorId ?? null,
        action: event.action,
        targetType: event.targetId ? ('user' as const) : null,
        targetId: event.targetId ?? null,
        organizationId: event.organizationId ?? null,
        ip: '203.0.113.7',
        metadata: JSON.stringify({ seq: i, note: 'seeded' }),
        createdAt: new Date(Date.now() - (i + 1) * 60_000),
      })),
    )
    .execute();
}

describe('the audit log in a real browser', () => {
  it('an admin finds their sign-in, filters by area in the URL, scrolls by cursor and reads an event by keyboard', async () => {
    const { user: admin, ...login } = await e2e.seedUser({
      roles: ['admin'],
      firstName: 'Audra',
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, login);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/audit$/);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();

    // Their own sign-in, found by actor id.
    await page.getByLabel('Actor id').fill(admin.id);
    await page.getByLabel('Actor id').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('actor')).toBe(admin.id);
    await expect.poll(() => rows(page).filter({ hasText: 'auth.login' }).count()).toBe(1);

    // Filter by area: the URL holds it, and a reload keeps it.
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await seedEvents(3, { action: 'users.archive', actorId: admin.id });
    await page.getByLabel('Action').fill('auth.*');
    await page.getByLabel('Action').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('auth.*');
    await page.reload();
    await expect.poll(() => rows(page).count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Action').inputValue()).toBe('auth.*');
    const actions = await rows(page).locator('td:nth-child(2)').allTextContents();
    expect(actions.every((action) => action.startsWith('auth.'))).toBe(true);

    // A bad filter is explained and leaves the URL alone.
    await page.getByLabel('Target id').fill('not-an-id');
    await page.getByLabel('Target id').press('Enter');
    await page.getByText('Not a valid id').waitFor();
    expect(new URL(page.url()).searchParams.get('target')).toBeNull();

    // 60 events on one target: 50 first, the rest when the end of the list scrolls into view.
    const target = randomUUID();
    const impersonator = randomUUID();
    await seedEvents(60, {
      action: 'users.update',
      targetId: target,
      actorId: admin.id,
      impersonatorId: impersonator,
    });
    await page.goto(`/audit?target=${target}`);
    await expect.poll(() => rows(page).count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).scrollIntoViewIfNeeded();
    await expect.poll(() => rows(page).count()).toBe(60);
    await page.getByText('60 events, no more.').waitFor();
    // The metadata JSON in the details panel.
    await page.getByRole('button', { name: 'Details of users.update' }).first().click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('"note": "seeded"');
    // An event of an impersonation session names the impersonator too.
    expect(await page.getByRole('dialog').textContent()).toContain(`Impersonated by${impersonator}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Back to the sign-in: details by keyboard, Escape closes and focus returns.
    await page.goto('/audit?action=auth.login');
    await expect.poll(() => rows(page).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'audit log');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}audit.png`, fullPage: true });
    const details = page.getByRole('button', { name: 'Details of auth.login' }).first();
    await details.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog');
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain(admin.id);
    await expect.poll(() => panel.textContent()).toContain('127.0.0.1');
    await expectAccessible(page, 'audit event details');
    await page.screenshot({ path: `${screenshots}audit-details.png` });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expect.poll(() => details.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("a client admin sees only their organisation's events", async () => {
    const org = await createTestOrg(e2e.db, { name: 'Audit Clinic' });
    const other = await createTestOrg(e2e.db, { name: 'Elsewhere Clinic' });
    await seedEvents(2, { action: 'groups.create', organizationId: org.id });
    await seedEvents(2, { action: 'groups.delete', organizationId: other.id });
    await seedEvents(1, { action: 'settings.platform', organizationId: null });
    const login = await e2e.seedUser({
      roles: ['client_admin'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, login);
    await page.goto('/audit');
    await page.getByText(/events, no more\./).waitFor();
    const actions = await rows(page).locator('td:nth-child(2)').allTextContents();
    expect(actions.filter((action) => action === 'groups.create')).toHaveLength(2);
    expect(actions).toContain('auth.login');
    expect(actions).not.toContain('groups.delete');
    expect(actions).not.toContain('settings.platform');
  });
});
