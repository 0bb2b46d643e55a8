import { createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps({
    MAIL_FROM: 'Praxis <praxis@clinic.test>',
    SMTP_URL: 'smtp://mailer:hunter2-secret@smtp.clinic.test:2525',
    SESSION_TTL_HOURS: '8',
    PRESENCE_TIMEOUT_SECONDS: '45',
    AUDIT_RETENTION_DAYS: '90',
    SIGNUP: 'open',
    REQUIRE_2FA_ROLES: 'support,billing',
    DATABASE_URL: 'postgres://praxis:db-secret@db.clinic.test/praxis',
    SECRETS_KEY: 'settings-test-secrets-key-settings-test-secrets-key',
  });
});
afterAll(() => deps.close());

describe('settings.get', () => {
  it('shows an admin the configured values and the fixed limits', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, user);
    const settings = await caller.settings.get();
    expect(settings).toMatchObject({
      environment: 'test',
      appUrl: 'http://app.test',
      mailFrom: 'Praxis <praxis@clinic.test>',
      smtpHost: 'smtp.clinic.test:2525',
      sessionTtlSeconds: 8 * 3600,
      presenceTimeoutSeconds: 45,
      auditRetentionDays: 90,
      signup: 'open',
      requireTwoFactorRoles: ['support', 'billing'],
      signInCodeTtlSeconds: 600,
      signInCodeMaxAttempts: 5,
      passwordResetLinkTtlSeconds: 3600,
      setPasswordLinkTtlSeconds: 72 * 3600,
      invitationTtlSeconds: 7 * 24 * 3600,
    });
    expect(settings.rateLimits).toContainEqual({
      name: 'loginFailuresPerAccount',
      points: 10,
      windowSeconds: 900,
      blockSeconds: 900,
    });
  });

  it('never carries a secret', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, user);
    const text = JSON.stringify(await caller.settings.get());
    for (const secret of [
      'hunter2-secret',
      'mailer',
      'db-secret',
      'db.clinic.test',
      'settings-test-secrets-key',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers the defaults: no SMTP host, sign-up by invitation, 2FA required of no role', async () => {
    const plain = await createTestDeps();
    try {
      const { user } = await createTestUser(plain.db, { roles: ['admin'] });
      const { caller } = await signedIn(plain, user);
      expect(await caller.settings.get()).toMatchObject({
        smtpHost: null,
        mailFrom: 'no-reply@localhost',
        signup: 'invite-only',
        requireTwoFactorRoles: [],
      });
    } finally {
      await plain.close();
    }
  });
});
