import { randomBytes } from 'node:crypto';

/** Base URLs of the real services the tests use; override with TEST_DATABASE_URL / TEST_REDIS_URL. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrlFor(name: string): string {
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function slug(value: string): string {
  return value.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
}

export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}
