import { sha256Hex } from '@praxis/auth';
import { createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  auditActionsOn,
  callerFor,
  clientAdminWithMembers,
  createTestDeps,
  errorOf,
  fieldErrorsOf,
  randomIp,
  signedIn,
} from '../testing';

type Deps = ApiDeps & { close(): Promise<void> };
let open: Deps;
let inviteOnly: Deps;
beforeAll(async () => {
  [open, inviteOnly] = await Promise.all([createTestDeps({ SIGNUP: 'open' }), createTestDeps()]);
});
afterAll(() => Promise.all([open.close(), inviteOnly.close()]));

const PASSWORD = 'a long sign-up passphrase';
const registration = (email = uniqueEmail('signup')) => ({
  email,
  password: PASSWORD,
  firstName: 'Ada',
  lastName: 'Lovelace',
});

/** The mails queued to an address, oldest first: kind and payload. */
async function mailsTo(deps: Deps, email: string) {
  const jobs = await deps.mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs
    .filter((job) => (job.data as { to?: string }).to === email)
    .sort((a, b) => a.timestamp - b.timestamp)
    .map((job) => ({ kind: job.name, data: job.data as Record<string, string> }));
}

const usersWithEmail = (email: string) =>
  open.db.selectFrom('users').selectAll().where('email', '=', email).execute();

async function register(email = uniqueEmail('signup')) {
  expect(await callerFor(open).caller.auth.register(registration(email))).toEqual({ ok: true });
  const [user] = await usersWithEmail(email);
  if (!user) throw new Error('no account was created');
  const confirm = (await mailsTo(open, email)).filter((mail) => mail.kind === 'confirm-email').at(-1);
  return { user, token: confirm?.data.token ?? '' };
}

const login = (email: string, password = PASSWORD) => callerFor(open).caller.auth.login({ email, password });

async function admin() {
  const { user } = await createTestUser(open.db, { roles: ['admin'] });
  return (await signedIn(open, user)).caller;
}

describe('auth.signUpOpen', () => {
  it('says whether this server takes sign-ups', async () => {
    expect(await callerFor(open).caller.auth.signUpOpen()).toEqual({ open: true });
    expect(await callerFor(inviteOnly).caller.auth.signUpOpen()).toEqual({ open: false });
  });
});

describe('auth.register', () => {
  it('is FORBIDDEN when sign-up is invite-only, and creates nothing', async () => {
    const email = uniqueEmail('closed');
    const error = await errorOf(callerFor(inviteOnly).caller.auth.register(registration(email)));
    expect(error.code).toBe('FORBIDDEN');
    expect(await inviteOnly.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual(
      [],
    );
  });

  it('creates a pending account without organisation, roles or password, and queues a confirmation link stored hashed', async () => {
    const email = uniqueEmail('new');
    const { user, token } = await register(email);
    expect(user).toMatchObject({
      status: 'pending',
      roles: [],
      organizationId: null,
      passwordHash: null,
      emailConfirmedAt: null,
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    const mails = await mailsTo(open, email);
    expect(mails.map((mail) => mail.kind)).toEqual(['confirm-email']);
    expect(token.length).toBeGreaterThanOrEqual(20);
    const stored = await open.db
      .selectFrom('emailConfirmationTokens')
      .select(['tokenHash', 'passwordHash', 'expiresAt'])
      .where('userId', '=', user.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(sha256Hex(token));
    expect(stored[0]?.passwordHash).not.toContain(PASSWORD);
    const hours = ((stored[0]?.expiresAt.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    expect(await auditActionsOn(open.db, user.id)).toEqual(['auth.registered']);
  });

  it('answers the same for an address that has an account, makes no second one and mails its owner a notice', async () => {
    const { user: existing } = await createTestUser(open.db);
    const answer = await callerFor(open).caller.auth.register(registration(existing.email));
    expect(answer).toEqual({ ok: true });
    expect(await usersWithEmail(existing.email)).toHaveLength(1);
    const mails = await mailsTo(open, existing.email);
    expect(mails.map((mail) => mail.kind)).toEqual(['registration-notice']);
    expect(JSON.stringify(mails[0]?.data)).not.toMatch(/token/);
    expect(await auditActionsOn(open.db, existing.id)).toEqual(['auth.register_existing']);
    const [unchanged] = await usersWithEmail(existing.email);
    expect(unchanged?.passwordHash).toBe(existing.passwordHash);
    expect((await login(existing.email, TEST_PASSWORD)).status).toBe('authenticated');
  });

  it('sends a fresh link, with the new password, to a sign-up that was never confirmed; the old link dies', async () => {
    const email = uniqueEmail('again');
    const first = await register(email);
    const second = await register(email);
    expect(second.user.id).toBe(first.user.id);
    expect(second.token).not.toBe(first.token);
    const stale = await errorOf(callerFor(open).caller.auth.confirmEmail({ token: first.token }));
    expect(stale.code).toBe('BAD_REQUEST');
    expect(await callerFor(open).caller.auth.confirmEmail({ token: second.token })).toEqual({ ok: true });
  });

  it('refuses a password equal to the email or too short, on the password field', async () => {
    const email = uniqueEmail('weak');
    for (const password of [email, 'short']) {
      const error = await errorOf(callerFor(open).caller.auth.register({ ...registration(email), password }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(Object.keys(fieldErrorsOf(error))).toEqual(['password']);
    }
    expect(await usersWithEmail(email)).toEqual([]);
  });

  it('is rate limited per IP', async () => {
    const ip = randomIp();
    for (let i = 0; i < 10; i++) {
      await callerFor(open, { ip }).caller.auth.register(registration());
    }
    const error = await errorOf(callerFor(open, { ip }).caller.auth.register(registration()));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(await callerFor(open).caller.auth.register(registration())).toEqual({ ok: true });
  });
});

describe('auth.confirmEmail and approval', () => {
  it('confirms once; the account still waits for approval; approving mails the user, who then signs in', async () => {
    const email = uniqueEmail('flow');
    const { user, token } = await register(email);
    expect((await errorOf(login(email))).code).toBe('UNAUTHORIZED');

    expect(await callerFor(open).caller.auth.confirmEmail({ token })).toEqual({ ok: true });
    const [confirmed] = await usersWithEmail(email);
    expect(confirmed?.emailConfirmedAt).toBeInstanceOf(Date);
    expect(confirmed?.status).toBe('pending');
    const reused = await errorOf(callerFor(open).caller.auth.confirmEmail({ token }));
    expect([reused.code, Object.keys(fieldErrorsOf(reused))]).toEqual(['BAD_REQUEST', ['token']]);

    const waiting = await errorOf(login(email));
    expect([waiting.code, waiting.message]).toEqual([
      'UNAUTHORIZED',
      'This account is waiting for approval. Contact your administrator.',
    ]);

    const approved = await (await admin()).users.approve({ id: user.id });
    expect(approved.status).toBe('active');
    expect((await mailsTo(open, email)).map((mail) => mail.kind)).toEqual([
      'confirm-email',
      'account-approved',
    ]);
    expect((await login(email)).status).toBe('authenticated');
    expect(await auditActionsOn(open.db, user.id)).toEqual([
      'auth.registered',
      'auth.login_failed',
      'auth.email_confirmed',
      'auth.login_refused',
      'users.approve',
      'auth.login',
    ]);
  });

  it('admins find sign-ups under status pending; client admins do not see them (no organisation yet)', async () => {
    const { user } = await register();
    const filters = { status: ['pending' as const] };
    const listed = await (await admin()).users.list({ search: user.email, filters });
    expect(listed.items.map((item) => [item.id, item.status, item.organizationId])).toEqual([
      [user.id, 'pending', null],
    ]);
    const { caller: clientAdmin } = await clientAdminWithMembers(open);
    expect((await clientAdmin.users.list({ search: user.email, filters })).items).toEqual([]);
  });

  it('refuses an expired link', async () => {
    const { user, token } = await register();
    await open.db
      .updateTable('emailConfirmationTokens')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', user.id)
      .execute();
    expect((await errorOf(callerFor(open).caller.auth.confirmEmail({ token }))).code).toBe('BAD_REQUEST');
    const [after] = await usersWithEmail(user.email);
    expect([after?.emailConfirmedAt, after?.passwordHash]).toEqual([null, null]);
  });

  it('an account approved before its address is confirmed has no password until the link is used', async () => {
    const email = uniqueEmail('early');
    const { user, token } = await register(email);
    await (await admin()).users.approve({ id: user.id });
    expect((await errorOf(login(email))).code).toBe('UNAUTHORIZED');
    await callerFor(open).caller.auth.confirmEmail({ token });
    expect((await login(email)).status).toBe('authenticated');
  });
});
