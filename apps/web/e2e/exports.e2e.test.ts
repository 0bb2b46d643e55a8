import { readFile } from 'node:fs/promises';
import { createTestOrg } from '@praxis/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
});
afterAll(() => e2e?.close());

/** The download the link starts (by keyboard), as header → value rows (split naively: the cells read here need no quotes). */
async function downloadCsv(page: Page, link: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).press('Enter'),
  ]);
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const [header = '', ...lines] = text.split('\r\n').filter(Boolean);
  const names = header.split(',');
  return {
    filename: download.suggestedFilename(),
    rows: lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell]))),
  };
}

describe('CSV exports in a real browser', () => {
  it('a client admin downloads the users the filters show, and then the audit events of that export', async () => {
    const [org, other] = [
      await createTestOrg(e2e.db, { name: 'Export Clinic' }),
      await createTestOrg(e2e.db),
    ];
    const login = await e2e.seedUser({
      roles: ['client_admin'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const marker = `csv${Date.now()}`;
    const staff: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { user } = await e2e.seedUser({
        roles: ['staff'],
        organizationId: org.id,
        lastName: `${marker}${i}`,
      });
      staff.push(user.email);
    }
    await e2e.seedUser({ roles: ['provider'], organizationId: org.id, lastName: `${marker}p` });
    await e2e.seedUser({ roles: ['staff'], organizationId: other.id, lastName: `${marker}x` });

    const page = await e2e.newPage();
    await signIn(e2e, page, login);
    const search = new URLSearchParams({ q: marker, roles: JSON.stringify(['staff']) });
    await page.goto(`/users?${search}`);
    const table = page.getByRole('table', { name: 'Users' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await expectAccessible(page, 'users list with the export link');

    const users = await downloadCsv(page, 'Export CSV');
    expect(users.filename).toBe(`users-${new Date().toISOString().slice(0, 10)}.csv`);
    expect(users.rows.map((row) => row.email).sort()).toEqual([...staff].sort());
    expect(users.rows.every((row) => row.organization === 'Export Clinic' && row.roles === 'staff')).toBe(
      true,
    );

    // The export is in the audit log, and the audit log exports too (filtered to that action).
    await page.goto(`/audit?${new URLSearchParams({ actor: login.user.id, action: 'users.export' })}`);
    const events = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
    await expect.poll(() => events.count()).toBe(1);
    const audit = await downloadCsv(page, 'Export CSV');
    expect(audit.filename).toBe(`audit-${new Date().toISOString().slice(0, 10)}.csv`);
    expect(audit.rows.map((row) => [row.action, row.actorId, row.organizationId])).toEqual([
      ['users.export', login.user.id, org.id],
    ]);
  });
});
