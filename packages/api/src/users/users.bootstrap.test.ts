import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, withIsolatedDatabase } from '../testing';
import { ensureBootstrapAdmin } from './users.bootstrap';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const silent = pino({ level: 'silent' });

describe('the bootstrap admin (ADMIN_EMAIL / ADMIN_PASSWORD)', () => {
  it('refuses to start with a password the rule refuses, and creates nobody', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const config = {
        ...isolated.config,
        adminEmail: 'first.admin@example.test',
        adminPassword: 'password1234',
      };
      await expect(ensureBootstrapAdmin({ db: isolated.db, config }, silent)).rejects.toThrow(
        /ADMIN_PASSWORD is refused by the password rule: This password is too easy to guess/,
      );
      expect(await isolated.db.selectFrom('users').select('id').execute()).toEqual([]);
    } finally {
      await isolated.close();
    }
  });

  it('creates the admin with a strong password, with no forced change (they chose it)', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const config = {
        ...isolated.config,
        adminEmail: 'first.admin@example.test',
        adminPassword: 'bootstrap passphrase',
      };
      await ensureBootstrapAdmin({ db: isolated.db, config }, silent);
      const admin = await isolated.db
        .selectFrom('users')
        .select(['roles', 'firstTimeLogin'])
        .where('email', '=', 'first.admin@example.test')
        .executeTakeFirstOrThrow();
      expect(admin).toEqual({ roles: ['admin'], firstTimeLogin: false });
    } finally {
      await isolated.close();
    }
  });
});
