import type { HeartbeatEntry } from '@praxis/presence';

interface LocalUser {
  organizationId: string | null;
  /**
   * socket.io ids of the user's sockets here (strings socket.io holds anyway): one id alone, the
   * usual case, else a Set (a Set for every user weighed about 200 bytes each).
   */
  members: string | Set<string>;
  /** Latest `activity` not yet written to Redis; 0 when none. */
  activityMs: number;
}

/**
 * This instance's open sockets by user: what each heartbeat refreshes in Redis. `activity`
 * events only touch this map, so a client that floods them costs a map write, and Redis hears
 * of a user's activity at most once per heartbeat.
 */
export function createLocalSockets(instanceId: string) {
  const users = new Map<string, LocalUser>();

  return {
    add(userId: string, organizationId: string | null, socketId: string): void {
      const user = users.get(userId);
      if (!user) {
        users.set(userId, { organizationId, members: socketId, activityMs: 0 });
        return;
      }
      user.organizationId = organizationId;
      if (typeof user.members === 'string') user.members = new Set([user.members, socketId]);
      else user.members.add(socketId);
    },

    /** Forgets a socket; returns the user's activity not yet written, for the disconnect. */
    remove(userId: string, socketId: string): number {
      const user = users.get(userId);
      if (!user) return 0;
      if (typeof user.members === 'string') {
        if (user.members !== socketId) return 0;
        users.delete(userId);
      } else {
        user.members.delete(socketId);
        if (user.members.size === 1) {
          const [only] = user.members;
          user.members = only as string;
        }
      }
      const activityMs = user.activityMs;
      user.activityMs = 0;
      return activityMs;
    },

    /** The socket.io ids of the user's sockets on this instance. */
    socketIdsOf(userId: string): string[] {
      const members = users.get(userId)?.members;
      if (members === undefined) return [];
      return typeof members === 'string' ? [members] : [...members];
    },

    touch(userId: string, at: number): void {
      const user = users.get(userId);
      if (user && at > user.activityMs) user.activityMs = at;
    },

    /** Everything to refresh now; hands over (and clears) the activity seen since the last beat. */
    takeHeartbeat(): HeartbeatEntry[] {
      const entries: HeartbeatEntry[] = [];
      for (const [userId, user] of users) {
        entries.push({
          userId,
          organizationId: user.organizationId,
          activityMs: user.activityMs,
          // Members as Redis knows them: `<instance>:<socket id>`, built only for the beat.
          members: Array.from(
            typeof user.members === 'string' ? [user.members] : user.members,
            (socketId) => `${instanceId}:${socketId}`,
          ),
        });
        user.activityMs = 0;
      }
      return entries;
    },

    get userCount() {
      return users.size;
    },
  };
}

export type LocalSockets = ReturnType<typeof createLocalSockets>;
