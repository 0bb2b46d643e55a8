import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_SECRETS_KEY, loadConfig } from './index';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      redisUrl: 'redis://127.0.0.1:6379',
      smtpUrl: undefined,
      mailFrom: 'no-reply@localhost',
      port: 3000,
      appUrl: 'http://localhost:3000',
      sessionTtlHours: 12,
      isProduction: false,
    });
  });

  it('names every variable that is wrong', () => {
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url', ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ['PORT', 'REDIS_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'])
        expect(message).toContain(name);
    }
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, and treats blank values as unset', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.test' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(
      loadConfig({ ADMIN_EMAIL: 'Admin@Example.test', ADMIN_PASSWORD: 'long enough pass' }).adminEmail,
    ).toBe('admin@example.test');
  });

  it('keeps the audit log 365 days unless AUDIT_RETENTION_DAYS says otherwise (a whole number ≥ 1)', () => {
    expect(loadConfig({}).auditRetentionDays).toBe(365);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '30' }).auditRetentionDays).toBe(30);
    for (const wrong of ['0', '-5', '1.5', 'a year']) {
      expect(() => loadConfig({ AUDIT_RETENTION_DAYS: wrong })).toThrow(/AUDIT_RETENTION_DAYS/);
    }
  });
});

describe('SIGNUP', () => {
  it('is invite-only unless set to open, and names the allowed values otherwise', () => {
    expect(loadConfig({}).signup).toBe('invite-only');
    expect(loadConfig({ SIGNUP: 'open' }).signup).toBe('open');
    expect(loadConfig({ SIGNUP: 'invite-only' }).signup).toBe('invite-only');
    for (const wrong of ['yes', 'Open', 'closed']) {
      expect(() => loadConfig({ SIGNUP: wrong })).toThrow(
        /SIGNUP: SIGNUP must be invite-only \(the default\) or open/,
      );
    }
  });
});

describe('REQUIRE_2FA_ROLES', () => {
  it('is empty by default and reads a comma list, ignoring blanks and repeats', () => {
    expect(loadConfig({}).requireTwoFactorRoles).toEqual([]);
    expect(loadConfig({ REQUIRE_2FA_ROLES: ' admin, support,,admin ' }).requireTwoFactorRoles).toEqual([
      'admin',
      'support',
    ]);
  });

  it('refuses an unknown role, naming it and the variable', () => {
    expect(() => loadConfig({ REQUIRE_2FA_ROLES: 'admin,superuser' })).toThrow(
      /REQUIRE_2FA_ROLES: unknown role superuser; use a comma list of admin, client_admin/,
    );
  });
});

describe('SECRETS_KEY', () => {
  const key = 'q7V1n0Jx3o2m9yVt6Hc4dZpKfE8sLwRb+aUiG5TjN0A=';

  it('stands in a fixed development key outside production, and says so', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const config = loadConfig({ NODE_ENV });
      expect(config.secretsKey).toBe(DEVELOPMENT_SECRETS_KEY);
      expect(config.usesDevelopmentSecretsKey).toBe(true);
    }
    expect(DEVELOPMENT_SECRETS_KEY.length).toBeGreaterThanOrEqual(32);
  });

  it('takes a key of at least 32 characters', () => {
    const config = loadConfig({ NODE_ENV: 'production', SECRETS_KEY: key });
    expect(config).toMatchObject({ secretsKey: key, usesDevelopmentSecretsKey: false });
    expect(() => loadConfig({ SECRETS_KEY: 'too-short-for-a-key' })).toThrow(
      /SECRETS_KEY must be at least 32 characters: make one with `openssl rand -base64 32`/,
    );
  });

  it('is required in production, with a message that names it and says how to make one', () => {
    for (const env of [{}, { SECRETS_KEY: '' }, { SECRETS_KEY: DEVELOPMENT_SECRETS_KEY }]) {
      let caught: unknown;
      try {
        loadConfig({ NODE_ENV: 'production', ...env });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).problems).toEqual([
        expect.stringMatching(/^SECRETS_KEY: required when NODE_ENV=production.*openssl rand -base64 32/),
      ]);
    }
  });

  it('is listed with the other wrong variables in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PORT: 'eighty' })).toThrow(
      /PORT[\s\S]*SECRETS_KEY: required/,
    );
  });
});

describe('metrics exposure', () => {
  it('is off unless asked: no token and no port by default, a separate port binds to localhost', () => {
    expect(loadConfig({}).metrics).toEqual({
      token: undefined,
      serverPort: undefined,
      workerPort: undefined,
      host: '127.0.0.1',
    });
    expect(loadConfig({ METRICS_PORT: '9464', WORKER_METRICS_PORT: '9465' }).metrics).toMatchObject({
      serverPort: 9464,
      workerPort: 9465,
    });
  });

  it('refuses a guessable METRICS_TOKEN and says how to make one', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN.*openssl rand/);
  });
});

describe('SERVER_PROCESSES', () => {
  const pg = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/praxis' };
  const production = { NODE_ENV: 'production', SECRETS_KEY: 'k'.repeat(44) };

  it('is one process per core in production on Postgres, and one in development, tests or on the embedded database', () => {
    expect(loadConfig({ ...production, ...pg }).serverProcesses).toBe(Math.min(availableParallelism(), 8));
    expect(loadConfig({ ...production }).serverProcesses).toBe(1);
    expect(loadConfig({ ...pg }).serverProcesses).toBe(1);
    expect(loadConfig({ NODE_ENV: 'test', ...pg }).serverProcesses).toBe(1);
  });

  it('takes a number or auto, and refuses several processes on the embedded database', () => {
    expect(loadConfig({ ...pg, SERVER_PROCESSES: '3' }).serverProcesses).toBe(3);
    expect(loadConfig({ ...pg, SERVER_PROCESSES: 'auto' }).serverProcesses).toBe(
      Math.min(availableParallelism(), 8),
    );
    expect(loadConfig({ SERVER_PROCESSES: 'auto' }).serverProcesses).toBe(1);
    expect(loadConfig({ SERVER_PROCESSES: '1' }).serverProcesses).toBe(1);
    expect(() => loadConfig({ SERVER_PROCESSES: '2' })).toThrow(/SERVER_PROCESSES.*DATABASE_URL/);
    for (const wrong of ['0', 'many', '1.5', '65'])
      expect(() => loadConfig({ ...pg, SERVER_PROCESSES: wrong })).toThrow(/SERVER_PROCESSES/);
  });
});
