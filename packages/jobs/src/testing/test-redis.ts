import { randomSuffix } from '@praxis/db/testing';

/** The Redis server the tests use; override with TEST_REDIS_URL. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let prefix: string | undefined;

/** A Redis key prefix unique to this test worker and run, so parallel runs never share keys. */
export function testRedisPrefix(): string {
  prefix ??= `t${process.env.VITEST_POOL_ID ?? '1'}-${randomSuffix()}`;
  return prefix;
}
