import { randomSuffix } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createRateLimits,
  RATE_LIMITS,
  RateLimitedError,
  RateLimitStoreUnavailableError,
} from './rate-limits';

const redis = new Redis(testRedisUrl);
const limits = createRateLimits(redis, `${testRedisPrefix()}-${randomSuffix()}`);
afterAll(() => redis.quit());

describe('rate limits (real Redis)', () => {
  it('refuses past the limit with a retry-after, per key', async () => {
    const key = `k-${randomSuffix()}`;
    const { points } = RATE_LIMITS.mailsPerAccount;
    for (let i = 0; i < points; i++) await limits.consume('mailsPerAccount', key);
    const refused = await limits.consume('mailsPerAccount', key).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    await expect(limits.consume('mailsPerAccount', `other-${key}`)).resolves.toBeUndefined();
  });

  it('checks without counting, and reset clears the count', async () => {
    const key = `k-${randomSuffix()}`;
    expect(await limits.assertNotBlocked('loginFailuresPerAccount', key)).toBe(0);
    for (let i = 0; i < RATE_LIMITS.loginFailuresPerAccount.points; i++) {
      await limits.consume('loginFailuresPerAccount', key);
    }
    await expect(limits.assertNotBlocked('loginFailuresPerAccount', key)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await limits.reset('loginFailuresPerAccount', key);
    expect(await limits.assertNotBlocked('loginFailuresPerAccount', key)).toBe(0);
  });

  it('checks several keys at once: the points of each, or the first blocked one with its retry-after', async () => {
    const account = `a-${randomSuffix()}`;
    const ip = `ip-${randomSuffix()}`;
    expect(
      await limits.assertNoneBlocked([
        ['loginFailuresPerAccount', account],
        ['loginFailuresPerIp', ip],
      ]),
    ).toEqual([0, 0]);
    await limits.consume('loginFailuresPerIp', ip, 3);
    await limits.consume('loginFailuresPerAccount', account);
    expect(
      await limits.assertNoneBlocked([
        ['loginFailuresPerAccount', account],
        ['loginFailuresPerIp', ip],
      ]),
    ).toEqual([1, 3]);
    await limits.consume('loginFailuresPerIp', ip, RATE_LIMITS.loginFailuresPerIp.points - 3);
    const refused = await limits
      .assertNoneBlocked([
        ['loginFailuresPerAccount', account],
        ['loginFailuresPerIp', ip],
      ])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ limit: 'loginFailuresPerIp' });
    const { retryAfterSeconds } = refused as RateLimitedError;
    expect(retryAfterSeconds).toBeGreaterThan(RATE_LIMITS.loginFailuresPerIp.duration - 60);
    expect(retryAfterSeconds).toBeLessThanOrEqual(RATE_LIMITS.loginFailuresPerIp.blockDuration);
  });

  it('fails closed when Redis is unreachable', async () => {
    const offline = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    offline.on('error', () => {});
    try {
      const unreachable = createRateLimits(offline, 'offline');
      await expect(unreachable.consume('mailsPerIp', 'x')).rejects.toBeInstanceOf(
        RateLimitStoreUnavailableError,
      );
      await expect(unreachable.assertNoneBlocked([['mailsPerIp', 'x']])).rejects.toBeInstanceOf(
        RateLimitStoreUnavailableError,
      );
    } finally {
      offline.disconnect();
    }
  });
});
