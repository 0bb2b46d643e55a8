import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, seedDemo } from '@praxis/db/seed';
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

/** The value shown under a metric's label. */
const metric = (page: Page, label: string) =>
  page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd');

/** What each Tab press focuses, as "role: name", for `presses` presses from the top of the page. */
async function tabStops(page: Page, presses: number): Promise<string[]> {
  await page.locator('body').focus();
  const stops: string[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return `${el?.tagName.toLowerCase()}: ${(el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim()}`;
      }),
    );
  }
  return stops;
}

describe('the dashboard in a real browser', () => {
  // First, so the picture shows the demo data only.
  it('keeps the chart out of the sign-in bundle; screenshot with the demo data', {
    timeout: 120_000,
  }, async () => {
    await seedDemo(e2e.db, { users: 3000, organizations: 4 });
    const page = await e2e.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(scripts.filter((path) => /activity-chart/.test(path))).toEqual([]);

    await signIn(e2e, page, { email: 'admin@praxis.demo', password: DEMO_PASSWORD });
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    expect(scripts.filter((path) => /activity-chart/.test(path))).toHaveLength(1);
    await page.getByTestId('online-users').getByText('Ada Admin').waitFor();
    await page
      .getByText(/signed in/)
      .first()
      .waitFor();
    // Bars grow in with an animation: let it finish before the picture.
    await page.waitForTimeout(1_500);
    await expectAccessible(page, 'dashboard with the demo data');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}dashboard.png`, fullPage: true });
  });
  it('shows the metrics, and another user online within a second of signing in, then offline', async () => {
    const org = await createTestOrg(e2e.db);
    const viewer = await e2e.seedUser({
      roles: ['client_admin'],
      organizationId: org.id,
      firstName: 'Cleo',
      lastName: 'Viewer',
    });
    const colleague = await e2e.seedUser({
      roles: ['staff'],
      organizationId: org.id,
      firstName: 'Otto',
      lastName: 'Online',
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, viewer);
    // The dashboard is where its readers land.
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect.poll(() => metric(page, 'Users').textContent()).toBe('2');
    expect(await metric(page, 'Active').textContent()).toBe('2');
    expect(await metric(page, 'New this month').textContent()).toBe('2');
    // The viewer's own sign-in is in the recent activity and in today's bar.
    await page.getByText('Cleo Viewer signed in with a code').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    const online = page.getByTestId('online-users');
    await online.getByText('Cleo Viewer').waitFor();
    expect(await online.getByText('Otto Online').count()).toBe(0);

    // Another browser signs in: the first page shows them without reloading.
    const other = await e2e.newPage();
    await signIn(e2e, other, colleague);
    await expect
      .poll(() => online.getByText('Otto Online').count(), { timeout: 1_500, interval: 50 })
      .toBe(1);
    expect(await metric(page, 'Online now').textContent()).toBe('2');
    await expectAccessible(page, 'dashboard');

    // Their last tab closes: they leave the list.
    await other.context().close();
    await expect.poll(() => online.getByText('Otto Online').count(), { timeout: 10_000 }).toBe(0);
    expect(await online.getByText('Cleo Viewer').count()).toBe(1);
    expect(await metric(page, 'Online now').textContent()).toBe('1');

    // Every control is reachable by keyboard: the skip link, the navigation, the account menu.
    const stops = await tabStops(page, 12);
    expect(stops.slice(0, 11)).toEqual([
      'a: Skip to content',
      'a: Praxis',
      'a: Dashboard',
      'a: Users',
      'a: Organisations',
      'a: Invitations',
      'a: Groups',
      'a: Patients',
      'a: Audit log',
      'a: Account',
      'button: Cleo Viewer',
    ]);
    await page.context().close();
  });
});
