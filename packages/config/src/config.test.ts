import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index';

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
});
