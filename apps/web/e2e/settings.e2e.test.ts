import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestOrg } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E({
    MAIL_FROM: 'Praxis Clinic <clinic@praxis.test>',
    SESSION_TTL_HOURS: '10',
    PRESENCE_TIMEOUT_SECONDS: '30',
    AUDIT_RETENTION_DAYS: '90',
  });
});
afterAll(() => e2e?.close());

describe('settings in a real browser', () => {
  it("an admin reads the server's configuration, and no secret", async () => {
    const admin = await e2e.seedUser({ roles: ['admin'], email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();

    const value = (term: string) =>
      page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').textContent();
    await expect.poll(() => value('Sender (MAIL_FROM)')).toBe('Praxis Clinic <clinic@praxis.test>');
    expect(await value('Web app address (APP_URL)')).toBe(e2e.baseUrl);
    expect(await value('SMTP server (SMTP_URL)')).toBe(new URL(e2e.env.SMTP_URL ?? '').host);
    expect(await value('Session lifetime')).toBe('10 hours');
    expect(await value('Offline after no heartbeat')).toBe('30 seconds');
    expect(await value('Audit log kept for')).toBe('90 days');
    expect(await value('Sign-in code')).toBe('10 minutes, 5 wrong tries');
    expect(await value('Invitation')).toBe('7 days');
    expect(await value('Sign-up (SIGNUP)')).toBe('By invitation only');
    expect(await value('Two-factor sign-in required of')).toBe('No role (organisations may require it)');
    const limits = page.getByRole('table', { name: 'Rate limits' });
    const failures = limits.locator('tbody tr', { hasText: 'Failed sign-ins per account' });
    expect(await failures.locator('td').allTextContents()).toEqual([
      'Failed sign-ins per account',
      '10',
      '15 minutes',
      '15 minutes',
    ]);

    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(e2e.env.DATABASE_URL ?? 'postgres://');
    expect(text).not.toContain('postgres://');
    expect(text).not.toContain(e2e.env.SMTP_URL ?? 'smtp://');
    await expectAccessible(page, 'settings');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}settings.png`, fullPage: true });
  });

  it('a client admin has no Settings entry and is sent away from the page', async () => {
    const org = await createTestOrg(e2e.db);
    const clientAdmin = await e2e.seedUser({
      roles: ['client_admin'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, clientAdmin);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Account' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);

    await page.goto('/settings');
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/settings');
    expect(await page.getByRole('heading', { name: 'Settings' }).count()).toBe(0);
    await expectAccessible(page, 'client admin sent away from settings');
  });
});
