import { isRedisUnavailable } from '@praxis/jobs';
import type { Logger } from 'pino';

/**
 * What the API asks of presence. The Redis implementation lives in @praxis/presence; until a
 * process wires one in, nobody is online. Both methods reject when Redis is unreachable.
 */
export interface PresenceReader {
  /** The ids among `userIds` that are online now. */
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /** Every user online now (for the `online` filter and counts). */
  allOnline(): Promise<string[]>;
}

export const nobodyOnline: PresenceReader = {
  onlineAmong: async () => new Set(),
  allOnline: async () => [],
};

/**
 * Presence is optional for an answer that only shows it: with Redis unreachable this resolves to
 * null ("unknown", shown as `isOnline: null` / `onlineUsers: null`) instead of failing the request.
 * Any other error still fails it.
 */
export async function unlessPresenceUnknown<T>(read: Promise<T>, logger: Logger): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (!isRedisUnavailable(error)) throw error;
    // The client watchers log the outage once; per request it is only debug.
    logger.debug(
      { err: error instanceof Error ? error.message : error },
      'presence unknown: Redis is unreachable',
    );
    return null;
  }
}
