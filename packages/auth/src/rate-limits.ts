import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Every throttle of the system: points per window (seconds), and how long a breach blocks. */
export const RATE_LIMITS = {
  /** Failed sign-ins for one account. Only failures count. */
  loginFailuresPerAccount: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Failed sign-ins from one IP: generous, so a busy office behind one address keeps working. */
  loginFailuresPerIp: { points: 100, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Code checks against one 2FA challenge (the challenge itself dies after 5 wrong codes). */
  codeChecksPerChallenge: { points: 10, duration: 10 * 60, blockDuration: 10 * 60 },
  /**
   * Wrong 2FA codes for one account, across challenges: whoever has the password can open new
   * challenges at will (an authenticator-only account gets no mail that would limit them).
   */
  codeFailuresPerAccount: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Code checks from one IP, across challenges. */
  codeChecksPerIp: { points: 60, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Mails (2FA codes, resets, invitations) triggered for one account. */
  mailsPerAccount: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Mail-sending calls from one IP. */
  mailsPerIp: { points: 30, duration: 15 * 60, blockDuration: 15 * 60 },
  /** Self-service registrations (auth.register) from one IP. */
  registrationsPerIp: { points: 10, duration: 60 * 60, blockDuration: 60 * 60 },
  /** Invitations sent by one inviter. */
  invitationsPerInviter: { points: 50, duration: 60 * 60, blockDuration: 60 * 60 },
  /** Impersonation sessions opened by one admin or support user. */
  impersonationsPerActor: { points: 20, duration: 60 * 60, blockDuration: 60 * 60 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

export class RateLimitedError extends Error {
  constructor(
    readonly limit: RateLimitName,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many requests (${limit}); retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

/** The limiter store (Redis) did not answer: callers fail closed rather than skip the limit. */
export class RateLimitStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The rate-limit store (Redis) is unreachable', { cause });
    this.name = 'RateLimitStoreUnavailableError';
  }
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Redis-backed throttles (rate-limiter-flexible); keys live under `<prefix>:rl:`. */
export function createRateLimits(redis: Redis, prefix: string) {
  const limiters = Object.fromEntries(
    Object.entries(RATE_LIMITS).map(([name, opts]) => [
      name,
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rl:${name}`, ...opts }),
    ]),
  ) as Record<RateLimitName, RateLimiterRedis>;

  /**
   * assertNotBlocked for several keys in one round trip (one MGET; a PTTL only for a key that is
   * blocked, for its retry-after): returns the points each key has used, in order.
   */
  async function assertNoneBlocked(
    checks: ReadonlyArray<readonly [RateLimitName, string]>,
  ): Promise<number[]> {
    const keys = checks.map(([name, key]) => limiters[name].getKey(key));
    const values = await redis.mget(keys).catch((error: unknown) => {
      throw new RateLimitStoreUnavailableError(error);
    });
    const used = values.map((value) => (value === null ? 0 : Number.parseInt(value, 10) || 0));
    for (const [i, [name]] of checks.entries()) {
      if ((used[i] ?? 0) < RATE_LIMITS[name].points) continue;
      const ttlMs = await redis.pttl(keys[i] as string).catch((error: unknown) => {
        throw new RateLimitStoreUnavailableError(error);
      });
      throw new RateLimitedError(name, Math.max(1, Math.ceil(ttlMs / 1000)));
    }
    return used;
  }

  return {
    /** Counts one hit; throws RateLimitedError once the limit is passed. */
    async consume(name: RateLimitName, key: string, points = 1): Promise<void> {
      try {
        await limiters[name].consume(key, points);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw new RateLimitedError(name, retryAfter(error));
        throw new RateLimitStoreUnavailableError(error);
      }
    },

    /**
     * Throws RateLimitedError once the key has used up its points, without counting a hit;
     * otherwise returns the points used so far.
     */
    async assertNotBlocked(name: RateLimitName, key: string): Promise<number> {
      const [used] = await assertNoneBlocked([[name, key]]);
      return used ?? 0;
    },

    assertNoneBlocked,

    async reset(name: RateLimitName, key: string): Promise<void> {
      await limiters[name].delete(key).catch((error: unknown) => {
        throw new RateLimitStoreUnavailableError(error);
      });
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
