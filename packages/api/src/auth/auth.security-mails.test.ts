import { createTestOrg, createTestUser, TEST_PASSWORD, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, signedIn } from '../testing';

// Which security notices the API queues, and what happens when it cannot queue them. The mails
// themselves, sent by the real worker, are tested in apps/server (security-mails.e2e.test.ts).

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

/** The mail jobs queued to `to`, by kind. */
async function queuedTo(to: string) {
  const jobs = await deps.mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.filter((job) => (job.data as { to?: string }).to === to).map((job) => job.name);
}

async function adminAndUser(options: Parameters<typeof createTestUser>[1] = {}) {
  const org = await createTestOrg(deps.db);
  const { user: admin } = await createTestUser(deps.db, { roles: ['admin'], organizationId: org.id });
  const { user } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id, ...options });
  return { admin, user, asAdmin: (await signedIn(deps, admin)).caller };
}

describe('security notices queued by the API', () => {
  it('an email change mails the old address (not the new one); other edits mail nobody', async () => {
    const { user, asAdmin } = await adminAndUser();
    await asAdmin.users.update({ id: user.id, patch: { title: 'Dr' } });
    expect(await queuedTo(user.email)).toEqual([]);
    const newEmail = uniqueEmail('moved');
    await asAdmin.users.update({ id: user.id, patch: { email: newEmail } });
    expect(await queuedTo(user.email)).toEqual(['email-changed']);
    expect(await queuedTo(newEmail)).toEqual([]);
  });

  it('the same through profiles.upsert and users.updateAccess', async () => {
    const first = await adminAndUser();
    await first.asAdmin.profiles.upsert({ userId: first.user.id, personal: { email: uniqueEmail('p') } });
    expect(await queuedTo(first.user.email)).toEqual(['email-changed']);
    const second = await adminAndUser();
    await second.asAdmin.users.updateAccess({ id: second.user.id, patch: { email: uniqueEmail('a') } });
    expect(await queuedTo(second.user.email)).toEqual(['email-changed']);
  });

  it('turning email codes off mails once; turning them on, or off again, does not', async () => {
    const { user } = await createTestUser(deps.db, { email2faEnabled: true });
    const { caller } = await signedIn(deps, user);
    await caller.auth.setEmail2fa({ enabled: false, password: TEST_PASSWORD });
    await caller.auth.setEmail2fa({ enabled: false, password: TEST_PASSWORD });
    await caller.auth.setEmail2fa({ enabled: true, password: TEST_PASSWORD });
    expect(await queuedTo(user.email)).toEqual(['two-factor-disabled']);
  });

  it('a password change mails the user', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    await caller.auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(await queuedTo(user.email)).toEqual(['password-changed']);
  });
});

describe('when the notice cannot be queued (Redis unreachable)', () => {
  it('the change is not made: SERVICE_UNAVAILABLE, the email and the audit log unchanged', async () => {
    const offline = await createTestDeps({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const org = await createTestOrg(deps.db);
      const { user: admin } = await createTestUser(deps.db, { roles: ['admin'], organizationId: org.id });
      const { user } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id });
      const asAdmin = (await signedIn(offline, admin)).caller;
      const error = await errorOf(
        asAdmin.users.update({ id: user.id, patch: { email: uniqueEmail('lost') } }),
      );
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      const row = await deps.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.email).toBe(user.email);
      const events = await deps.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', user.id)
        .execute();
      expect(events).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});
