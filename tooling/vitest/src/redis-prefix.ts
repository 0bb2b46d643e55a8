import { randomSuffix } from './test-env';

let prefix: string | undefined;

/** A Redis key prefix unique to this test worker and run, so parallel runs never share keys. */
export function testRedisPrefix(): string {
  prefix ??= `t${process.env.VITEST_POOL_ID ?? '1'}-${randomSuffix()}`;
  return prefix;
}
