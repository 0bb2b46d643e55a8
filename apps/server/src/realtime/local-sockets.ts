import type { HeartbeatEntry } from '@praxis/presence';

interface LocalUser {
  organizationId: string | null;
  members: Set<string>;
  /** Latest `activity` not yet written to Redis; 0 when none. */
  activityMs: number;
}

/**
 * This instance's open sockets by user: what each heartbeat refreshes in Redis. `activity`
 * events only touch this map, so a client that floods them costs a map write, and Redis hears
 * of a user's activity at most once per heartbeat.
 */
export function createLocalSockets() {
  const users = new Map<string, LocalUser>();

  return {
    add(userId: string, organizationId: string | null, member: string): void {
      const user = users.get(userId) ?? { organizationId, members: new Set<string>(), activityMs: 0 };
      user.organizationId = organizationId;
      user.members.add(member);
      users.set(userId, user);
    },

    /** Forgets a socket; returns the user's activity not yet written, for the disconnect. */
    remove(userId: string, member: string): number {
      const user = users.get(userId);
      if (!user) return 0;
      user.members.delete(member);
      const activityMs = user.activityMs;
      user.activityMs = 0;
      if (user.members.size === 0) users.delete(userId);
      return activityMs;
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
          members: [...user.members],
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
