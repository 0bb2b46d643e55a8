import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type LuaReply = string | number | null | LuaReply[];

/**
 * A Lua script run by its SHA (EVALSHA), loaded on first use or after a Redis restart (NOSCRIPT).
 * Each call runs atomically in Redis: that is what makes the 0↔1 transitions race-free.
 */
export function luaScript(source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis: Redis, keys: string[], args: Array<string | number>): Promise<LuaReply> => {
    try {
      return (await redis.evalsha(sha, keys.length, ...keys, ...args)) as LuaReply;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await redis.eval(source, keys.length, ...keys, ...args)) as LuaReply;
    }
  };
}
