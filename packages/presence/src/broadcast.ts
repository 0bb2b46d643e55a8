import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PresenceChange } from './store';
import { updateRoomsFor } from './viewer-rooms';

export const PRESENCE_NAMESPACE = '/presence';
export const sessionRoom = (sessionPublicId: string) => `session:${sessionPublicId}`;
/**
 * The server-side event (`serverSideEmit`, to every instance's /presence namespace) that moves a
 * user's sockets between viewer rooms: each instance finds that user's sockets in its own map
 * (a room per user cost every socket about 300 bytes of heap).
 */
export const REGROUP_EVENT = 'presence:regroup';
export interface RegroupRequest {
  userId: string;
  leave: string[];
  join: string[];
}
/** Channel prefix of the socket.io Redis adapter; the emitter and every instance must agree on it. */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}:socket.io`;

/** `presence:update` on the wire. `seq` lets a client drop an update older than its snapshot. */
export interface PresenceUpdate {
  userId: string;
  online: boolean;
  lastActivity: string | null;
  seq: number;
}

export function toPresenceUpdate(change: PresenceChange): PresenceUpdate {
  return {
    userId: change.userId,
    online: change.online,
    lastActivity: change.lastActivity?.toISOString() ?? null,
    seq: change.seq,
  };
}

/**
 * Talks to the sockets of every server instance through the Redis adapter's channels, from any
 * process (a server instance or the worker's sweeper) — @socket.io/redis-emitter.
 */
export function createPresenceBroadcaster(publisher: Redis, redisPrefix: string, logger: Logger) {
  // The emitter publishes without handling the reply: a failed publish must not become an
  // unhandled rejection that ends the process.
  const safeClient = {
    publish: (channel: string, message: string | Buffer) =>
      publisher.publish(channel, message).catch((error: unknown) => {
        logger.warn({ err: error }, 'presence broadcast failed (Redis)');
        return 0;
      }),
  };
  const emitter = new Emitter(safeClient, { key: socketIoKey(redisPrefix) }).of(PRESENCE_NAMESPACE);

  return {
    /** `presence:update` to the viewers who may read each user, on every instance. */
    announce(changes: readonly PresenceChange[]): void {
      for (const change of changes) {
        emitter.to(updateRoomsFor(change.organizationId)).emit('presence:update', toPresenceUpdate(change));
      }
    },

    /**
     * Moves a user's sockets, on every instance, out of viewer rooms their rights no longer
     * cover and into those they now do, then tells them to reconnect for a snapshot under the
     * new rights (a client that does not is still held to them: rooms are the server's).
     */
    regroup(userId: string, leave: readonly string[], join: readonly string[]): void {
      emitter.serverSideEmit(REGROUP_EVENT, {
        userId,
        leave: [...leave],
        join: [...join],
      } satisfies RegroupRequest);
    },

    /** SessionEvents (packages/api): closes the sockets of ended sessions on every instance. */
    async ended(sessionPublicIds: readonly string[]): Promise<void> {
      if (!sessionPublicIds.length) return;
      emitter.in(sessionPublicIds.map(sessionRoom)).disconnectSockets(true);
    },
  };
}

export type PresenceBroadcaster = ReturnType<typeof createPresenceBroadcaster>;
