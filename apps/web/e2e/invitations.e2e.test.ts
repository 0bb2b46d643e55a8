import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestOrg, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startWebE2E, type WebE2E } from './harness';

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

let e2e: WebE2E;
beforeAll(async () => {
  e2e = await startWebE2E();
});
afterAll(() => e2e?.close());

const table = (page: Page) => page.getByRole('table', { name: 'Invitations' });
const row = (page: Page, email: string) => table(page).locator('tbody tr', { hasText: email });

async function apiAs(email: string) {
  const login = await e2e.api().auth.login.mutate({ email, password: TEST_PASSWORD });
  if (login.status !== 'authenticated') throw new Error('expected a session');
  return e2e.api(login.token);
}

describe('invitations in a real browser', () => {
  it('an admin invites by keyboard; the mailed link is accepted and the list says so; resend, its throttle, revoke', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Harbour Practice' });
    await createTestOrg(e2e.db, { name: 'Other Clinic' });
    const admin = await e2e.seedUser({ roles: ['admin'], firstName: 'Ada', email2faEnabled: false });
    const page = await e2e.newPage();
    await signIn(e2e, page, admin);
    await page.getByRole('link', { name: 'Invitations' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/invitations');
    await page.getByText('No invitations yet.').waitFor();

    // Send by keyboard: open the dialog, fill it, tick a role with Space, Enter sends.
    const invitee = uniqueEmail('invitee');
    await page.getByRole('button', { name: 'Invite someone' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill(invitee);
    await dialog.getByLabel('First name').fill('Nia');
    await dialog.getByLabel('Last name').fill('Oak');
    await dialog.getByLabel('Organisation').selectOption({ label: 'Harbour Practice' });
    // The admin may grant every role, admin included.
    expect(await dialog.getByRole('checkbox').count()).toBe(8);
    await dialog.getByLabel('Email').press('Enter');
    // No role: the server's field error is shown with the roles.
    await dialog.getByText('Give at least one role').waitFor();
    await expectAccessible(page, 'invite dialog with errors');
    await dialog.getByRole('checkbox', { name: 'provider' }).focus();
    await page.keyboard.press('Space');
    expect(await dialog.getByRole('checkbox', { name: 'provider' }).isChecked()).toBe(true);
    await dialog.getByLabel('Email').press('Enter');
    await expect.poll(() => row(page, invitee).count()).toBe(1);
    expect(await row(page, invitee).textContent()).toContain('Pending');
    expect(await row(page, invitee).textContent()).toContain('Harbour Practice');
    expect(await row(page, invitee).textContent()).toContain('Queued');
    await expectAccessible(page, 'invitations list');

    // The real worker mails the link; the invitee accepts it in their own browser and is signed in.
    const link = await e2e.linkFor(invitee, '/accept-invite');
    const newcomer = await e2e.newPage();
    await newcomer.goto(link);
    await newcomer.getByRole('heading', { name: 'Join Praxis' }).waitFor();
    expect(await newcomer.getByLabel('Last name').inputValue()).toBe('Oak');
    await newcomer.getByLabel('Password', { exact: true }).fill('invited and happy');
    await newcomer.getByLabel('Repeat the password').fill('invited and happy');
    await newcomer.getByLabel('Repeat the password').press('Enter');
    await newcomer.getByRole('heading', { name: 'Welcome, Nia' }).waitFor();
    await newcomer.getByRole('navigation', { name: 'Main' }).waitFor();
    const account = await e2e.db
      .selectFrom('users')
      .select(['organizationId', 'roles'])
      .where('email', '=', invitee)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ organizationId: org.id, roles: ['provider'] });

    // Back in the list, the invitation is accepted, with nothing left to do on it.
    await page.reload();
    await expect.poll(() => row(page, invitee).textContent()).toContain('Accepted');
    expect(await row(page, invitee).getByRole('button').count()).toBe(0);

    // The status filter lives in the URL.
    const second = uniqueEmail('second');
    const api = await apiAs(admin.email);
    const created = await api.invitations.create.mutate({
      email: second,
      roles: ['staff'],
      organizationId: org.id,
    });
    await page.getByLabel('Status').selectOption('accepted');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('accepted');
    await expect.poll(() => row(page, second).count()).toBe(0);
    expect(await row(page, invitee).count()).toBe(1);
    await page.getByLabel('Status').selectOption('pending');
    await expect.poll(() => row(page, second).count()).toBe(1);
    expect(await row(page, invitee).count()).toBe(0);

    // Resend: a new link goes out by mail.
    const firstLink = await e2e.linkFor(second, '/accept-invite');
    const mailsBefore = e2e.smtp.mailsTo(second).length;
    await row(page, second)
      .getByRole('button', { name: `Resend the invitation to ${second}` })
      .click();
    await page.getByText(`Invitation sent again to ${second}`).waitFor();
    const secondLink = await e2e.linkFor(second, '/accept-invite', mailsBefore);
    expect(secondLink).not.toBe(firstLink);

    // The inviter's hourly allowance (50) runs out: the next resend is refused and every resend
    // waits, with the time left shown. (3 used so far: 2 invitations and 1 resend.)
    for (let i = 0; i < 47; i++) await api.invitations.resend.mutate({ id: created.id });
    const resend = row(page, second).getByRole('button', { name: `Resend the invitation to ${second}` });
    await resend.click();
    await page.getByText('Sending is paused').waitFor();
    // The server blocks for an hour: the wait shown is about that, counting down.
    const minutes = Number(
      /^(\d+) minutes$/.exec((await page.getByTestId('resend-wait').textContent()) ?? '')?.[1],
    );
    expect(minutes).toBeGreaterThanOrEqual(59);
    expect(minutes).toBeLessThanOrEqual(61);
    expect(await resend.isDisabled()).toBe(true);
    await expectAccessible(page, 'invitations with resend paused');
    // Sending a new one waits as well.
    await page.getByRole('button', { name: 'Invite someone' }).click();
    await page
      .getByRole('dialog')
      .getByText(/You can send again in \d+ minutes/)
      .waitFor();
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Send invitation' }).isDisabled()).toBe(
      true,
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByLabel('Status').selectOption('');
    await expect.poll(() => table(page).locator('tbody tr').count()).toBe(2);
    await page.getByText(`Invitation sent again to ${second}`).waitFor({ state: 'detached' });
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: `${screenshots}invitations.png`, fullPage: true });

    // Revoke, confirmed.
    await row(page, second)
      .getByRole('button', { name: `Revoke the invitation to ${second}` })
      .click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('The link in their email stops working at once.').waitFor();
    await expectAccessible(page, 'revoke confirmation');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row(page, second).textContent()).toContain('Revoked');
    expect(await row(page, second).getByRole('button').count()).toBe(0);
    await page.getByLabel('Status').selectOption('revoked');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('revoked');
    await expect.poll(() => table(page).locator('tbody tr').count()).toBe(1);
    const stored = await e2e.db
      .selectFrom('invitations')
      .select('revokedAt')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.revokedAt).toBeInstanceOf(Date);
  });

  it('a client admin invites into their own organisation only, with the roles they may grant', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Own Clinic' });
    const clientAdmin = await e2e.seedUser({
      roles: ['client_admin'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const page = await e2e.newPage();
    await signIn(e2e, page, clientAdmin);
    await page.goto('/invitations');
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog');
    // The organisation is theirs, shown but not chosen; admin and support are not offered.
    expect(await dialog.getByLabel('Organisation').inputValue()).toBe('Own Clinic');
    expect(await dialog.getByLabel('Organisation').getAttribute('readonly')).not.toBeNull();
    const offered = await dialog
      .getByRole('checkbox')
      .evaluateAll((boxes) => boxes.map((box) => box.parentElement?.textContent?.trim()));
    expect(offered).toEqual(['client admin', 'supervisor', 'provider', 'staff', 'billing', 'parent']);
    const email = uniqueEmail('own');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByRole('checkbox', { name: 'staff' }).check();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => row(page, email).count()).toBe(1);
    // No organisation column or filter: everything listed is their own.
    expect(await page.getByRole('columnheader', { name: 'Organisation' }).count()).toBe(0);
    const stored = await e2e.db
      .selectFrom('invitations')
      .select('organizationId')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(stored.organizationId).toBe(org.id);
    await expectAccessible(page, 'invitations (client admin)');
  });

  it('a supervisor reads their organisation’s invitations, page by page, without write actions', async () => {
    const org = await createTestOrg(e2e.db, { name: 'Quiet Clinic' });
    const supervisor = await e2e.seedUser({
      roles: ['supervisor'],
      organizationId: org.id,
      email2faEnabled: false,
    });
    const day = 24 * 60 * 60 * 1000;
    await e2e.db
      .insertInto('invitations')
      .values(
        Array.from({ length: 23 }, (_, i) => ({
          email: `reader-${i}-${randomBytes(3).toString('hex')}@example.com`,
          roles: ['staff' as const],
          organizationId: org.id,
          tokenHash: randomBytes(32).toString('hex'),
          invitedBy: null,
          expiresAt: new Date(Date.now() + 7 * day),
          mailQueuedAt: new Date(),
          createdAt: new Date(Date.now() - i * 60_000),
        })),
      )
      .execute();
    const page = await e2e.newPage();
    await signIn(e2e, page, supervisor);
    await page.goto('/invitations');
    await expect.poll(() => table(page).locator('tbody tr').count()).toBe(20);
    expect(await page.getByRole('button', { name: 'Invite someone' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Resend|Revoke) / }).count()).toBe(0);
    // Their own organisation only: no organisation filter or column.
    expect(await page.getByLabel('Organisation').count()).toBe(0);
    await page.getByText('1–20 of 23').waitFor();
    await expectAccessible(page, 'invitations (supervisor)');
    await page.getByRole('link', { name: 'Next' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
    await expect.poll(() => table(page).locator('tbody tr').count()).toBe(3);
    await page.getByText('21–23 of 23').waitFor();
  });
});
