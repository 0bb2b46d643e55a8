import type { AppRouter } from '@praxis/api';
import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { enqueueBackupCodeUsedMail } from '@praxis/jobs';
import type { CapturedMail } from '@praxis/mail/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, E2E_APP_URL, startE2E } from '../testing';

// Security notices end to end: the API queues them, the real worker renders and sends them,
// the SMTP capture receives them. Each has a text and an HTML part.

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

/** A client that presents itself with this user agent (a "device"). */
function device(userAgent: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${e2e.baseUrl}/trpc`,
        transformer: superjson,
        headers: () => ({
          'user-agent': userAgent,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        }),
      }),
    ],
  });
}

async function signIn(email: string, userAgent = 'Vitest Browser 1', password = TEST_PASSWORD) {
  const result = await device(userAgent).auth.login.mutate({ email, password });
  if (result.status !== 'authenticated') throw new Error('expected a session');
  return result.token;
}

function expectTextAndHtml(mail: CapturedMail) {
  expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
  expect(mail.raw).toMatch(/Content-Type: text\/html/i);
}

const subjectIs = (subject: string) => (mail: CapturedMail) => mail.subject === subject;

describe('security mails', () => {
  it('password changed: to the user, with a way to react', async () => {
    const { user } = await createTestUser(e2e.db);
    const token = await signIn(user.email);
    await device('Vitest Browser 1', token).auth.changePassword.mutate({
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    const mail = await e2e.smtp.waitFor(user.email, subjectIs('Your Praxis password was changed'));
    expectTextAndHtml(mail);
    expect(mail.body).toContain(`${E2E_APP_URL}/forgot-password`);
    expect(mail.body).toContain('tell your administrator');
  });

  it('email changed: to the OLD address, naming the new one, with how to report it', async () => {
    const org = await createTestOrg(e2e.db);
    const { user: admin } = await createTestUser(e2e.db, { roles: ['admin'], organizationId: org.id });
    const { user } = await createTestUser(e2e.db, { roles: ['staff'], organizationId: org.id });
    const newEmail = uniqueEmail('moved');
    await device('Admin browser', await signIn(admin.email, 'Admin browser')).users.update.mutate({
      id: user.id,
      patch: { email: newEmail },
    });
    const mail = await e2e.smtp.waitFor(
      user.email,
      subjectIs('The email address of your Praxis account was changed'),
    );
    expectTextAndHtml(mail);
    expect(mail.body).toContain(newEmail);
    expect(mail.body).toContain(`${E2E_APP_URL}/forgot-password`);
    expect(mail.body).toContain('contact your administrator');
    expect(e2e.smtp.mailsTo(newEmail)).toEqual([]);
  });

  it('new sign-in: only from a device not seen before, and never for the first sign-in', async () => {
    const { user } = await createTestUser(e2e.db);
    await signIn(user.email, 'Firefox on the office PC');
    await signIn(user.email, 'Firefox on the office PC');
    await signIn(user.email, 'Safari on a phone');
    const mail = await e2e.smtp.waitFor(user.email, subjectIs('New sign-in to your Praxis account'));
    expectTextAndHtml(mail);
    expect(mail.body).toContain('Safari on a phone');
    expect(mail.body).toContain('127.0.0.0/24');
    await signIn(user.email, 'Safari on a phone');
    // A mail queued after the one above would be sent after it: a later marker proves none came.
    await device(
      'Safari on a phone',
      await signIn(user.email, 'Safari on a phone'),
    ).auth.changePassword.mutate({
      currentPassword: TEST_PASSWORD,
      newPassword: 'another new passphrase',
    });
    await e2e.smtp.waitFor(user.email, subjectIs('Your Praxis password was changed'));
    const newSignIns = e2e.smtp.mailsTo(user.email).filter(subjectIs('New sign-in to your Praxis account'));
    expect(newSignIns).toHaveLength(1);
    const devices = await e2e.db
      .selectFrom('knownDevices')
      .select('fingerprint')
      .where('userId', '=', user.id)
      .execute();
    expect(devices).toHaveLength(2);
  });

  it('impersonation started: to the impersonated user, naming the admin and the reason', async () => {
    const org = await createTestOrg(e2e.db);
    const { user: admin } = await createTestUser(e2e.db, {
      roles: ['admin'],
      organizationId: org.id,
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    const { user } = await createTestUser(e2e.db, { roles: ['provider'], organizationId: org.id });
    const reason = 'Ticket <42>: "schedule" missing';
    await device('Admin browser', await signIn(admin.email, 'Admin browser')).auth.impersonate.mutate({
      userId: user.id,
      reason,
    });
    const mail = await e2e.smtp.waitFor(user.email, subjectIs('Grace Hopper signed in as you on Praxis'));
    expectTextAndHtml(mail);
    expect(mail.body).toContain(`Grace Hopper (${admin.email})`);
    expect(mail.body).toContain(reason);
    expect(mail.body).toContain('Ticket &lt;42&gt;: &quot;schedule&quot; missing');
  });

  it('two-factor turned off: to the user', async () => {
    const { user } = await createTestUser(e2e.db, { email2faEnabled: true });
    const { token } = await e2e.server.deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'x' });
    await device('x', token).auth.setEmail2fa.mutate({ enabled: false, password: TEST_PASSWORD });
    const mail = await e2e.smtp.waitFor(
      user.email,
      subjectIs('Two-factor sign-in changed on your Praxis account'),
    );
    expectTextAndHtml(mail);
    expect(mail.body).toContain('Sign-in codes by email was turned off');
  });

  it('backup code used: through the helper other features call', async () => {
    const { user } = await createTestUser(e2e.db);
    await enqueueBackupCodeUsedMail(e2e.server.deps.mailQueue, { to: user.email, name: 'Ada', remaining: 1 });
    const mail = await e2e.smtp.waitFor(user.email, subjectIs('A backup code was used to sign in to Praxis'));
    expectTextAndHtml(mail);
    expect(mail.body).toContain('1 code is left');
  });
});
