import { randomBytes } from 'node:crypto';

/** The Postgres server the tests use; override with TEST_DATABASE_URL. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `testServerUrl` with another database name. */
export function databaseUrlFor(name: string): string {
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function slug(value: string): string {
  return value.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
}

/** 8 hex characters: for names that parallel test runs must not share. */
export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}
