import { createTestOrg, createTestUser, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

/** What was issued for the user: stored tokens, queued link mails and audit actions. */
async function issuedFor(user: { id: string; email: string }) {
  const tokens = await deps.db
    .selectFrom('passwordResetTokens')
    .select('purpose')
    .where('userId', '=', user.id)
    .execute();
  const jobs = await deps.mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  const mails = jobs.filter((job) => (job.data as { to?: string }).to === user.email).map((job) => job.name);
  const audit = await deps.db
    .selectFrom('auditEvents')
    .select('action')
    .where('targetId', '=', user.id)
    .execute();
  return { tokens: tokens.map((t) => t.purpose), mails, actions: audit.map((a) => a.action) };
}

async function blockedAccounts() {
  const inactiveOrg = await createTestOrg(deps.db, { status: 'inactive' });
  const archivedOrg = await createTestOrg(deps.db, { status: 'active', archivedAt: new Date() });
  const states = {
    disabled: { status: 'inactive' },
    suspended: { status: 'suspended', suspendedUntil: new Date(Date.now() + 3600_000) },
    'suspended without end': { status: 'suspended' },
    pending: { status: 'pending' },
    archived: { archivedAt: new Date() },
    'not yet effective': { effectiveDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) },
    'inactive organisation': { organizationId: inactiveOrg.id },
    'archived organisation': { organizationId: archivedOrg.id },
  } as const;
  return Promise.all(
    Object.entries(states).map(async ([name, state]) => ({
      name,
      user: (await createTestUser(deps.db, state)).user,
    })),
  );
}

describe('auth.requestPasswordReset', () => {
  it('issues nothing for an account that could not sign in, and answers exactly as for an unknown email', async () => {
    const unknownAnswer = await callerFor(deps).caller.auth.requestPasswordReset({
      email: uniqueEmail('nobody'),
    });
    for (const { name, user } of await blockedAccounts()) {
      const answer = await callerFor(deps).caller.auth.requestPasswordReset({ email: user.email });
      expect({ name, answer }).toEqual({ name, answer: unknownAnswer });
      expect({ name, ...(await issuedFor(user)) }).toEqual({ name, tokens: [], mails: [], actions: [] });
    }
  });

  it('still mails an active account and one whose suspension has lapsed', async () => {
    const { user: active } = await createTestUser(deps.db, {
      organizationId: (await createTestOrg(deps.db)).id,
    });
    const { user: lapsed } = await createTestUser(deps.db, {
      status: 'suspended',
      suspendedUntil: new Date(Date.now() - 1000),
    });
    for (const user of [active, lapsed]) {
      expect(await callerFor(deps).caller.auth.requestPasswordReset({ email: user.email })).toEqual({
        ok: true,
      });
      expect(await issuedFor(user)).toEqual({
        tokens: ['reset'],
        mails: ['password-reset'],
        actions: ['auth.password_reset_requested'],
      });
    }
  });
});

describe('users.create without a password', () => {
  it('sends no set-password link into an inactive or archived organisation, and records that', async () => {
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    for (const org of [
      await createTestOrg(deps.db, { status: 'inactive' }),
      await createTestOrg(deps.db, { archivedAt: new Date() }),
    ]) {
      const created = await caller.users.create({
        email: uniqueEmail('closed'),
        firstName: 'Ada',
        lastName: 'Lovelace',
        roles: ['staff'],
        organizationId: org.id,
      });
      expect(await issuedFor(created)).toEqual({ tokens: [], mails: [], actions: ['users.create'] });
      const event = await deps.db
        .selectFrom('auditEvents')
        .select('metadata')
        .where('targetId', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(event.metadata).toMatchObject({ passwordLinkSent: false });
    }
    const open = await caller.users.create({
      email: uniqueEmail('open'),
      firstName: 'Ada',
      lastName: 'Lovelace',
      roles: ['staff'],
      organizationId: (await createTestOrg(deps.db)).id,
    });
    expect(await issuedFor(open)).toMatchObject({ tokens: ['set_password'], mails: ['set-password'] });
  });
});
