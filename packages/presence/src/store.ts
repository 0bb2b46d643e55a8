import { perTurn } from '@praxis/db';
import type { Redis } from 'ioredis';
import type { LuaReply } from './lua';
import {
  allOnlineScript,
  connectScript,
  disconnectScript,
  heartbeatScript,
  onlineAmongScript,
  restoreDirtyScript,
  snapshotScript,
  sweepScript,
  takeDirtyScript,
} from './scripts';

/** An online/offline transition, as announced to viewers. */
export interface PresenceChange {
  userId: string;
  online: boolean;
  organizationId: string | null;
  lastActivity: Date | null;
  /** Grows with every transition; a snapshot carries the value it was taken at. */
  seq: number;
}

/** What one instance refreshes per user on each heartbeat. */
export interface HeartbeatEntry {
  userId: string;
  organizationId: string | null;
  /** Latest activity seen on this instance since the last heartbeat, ms; 0 when none. */
  activityMs: number;
  /** This instance's sockets of the user (`instance:socket`). */
  members: string[];
}

export interface PresenceSnapshot {
  seq: number;
  users: Array<{ userId: string; organizationId: string | null; lastActivity: Date | null }>;
}

export interface PresenceStoreOptions {
  redis: Redis;
  redisPrefix: string;
  /** How long a socket counts as open after its last heartbeat. */
  socketTtlMs: number;
}

// Keeps one Lua call short: Redis runs scripts one at a time.
const HEARTBEAT_CHUNK = 500;

export function presenceKeys(redisPrefix: string) {
  const base = `{${redisPrefix}:presence}`;
  return {
    keys: ['online', 'orgs', 'activity', 'dirty', 'seq'].map((name) => `${base}:${name}`),
    socketsPrefix: `${base}:sockets:`,
  };
}

/**
 * The presence model in Redis. A user is online while their socket zset, pruned of expired
 * members, is not empty; every change of that is decided inside one Lua script, so only the
 * 0↔1 transitions come back as changes and two tabs never flap.
 */
export function createPresenceStore({ redis, redisPrefix, socketTtlMs }: PresenceStoreOptions) {
  const { keys, socketsPrefix } = presenceKeys(redisPrefix);
  const run = (script: typeof connectScript, args: Array<string | number>) =>
    script(redis, keys, [socketsPrefix, ...args]);

  const onlineAmongPerTurn = perTurn(async (lists: (readonly string[])[]) => {
    const online = new Set(asList(await run(onlineAmongScript, lists.flat())).map(String));
    return lists.map((ids) => new Set(ids.filter((id) => online.has(id))));
  });

  return {
    async connect(
      userId: string,
      organizationId: string | null,
      member: string,
    ): Promise<PresenceChange | null> {
      const reply = asList(await run(connectScript, [userId, organizationId ?? '', member, socketTtlMs]));
      if (reply[0] !== 1) return null;
      return {
        userId,
        online: true,
        organizationId,
        lastActivity: toDate(reply[1] ?? null),
        seq: Number(reply[2]),
      };
    },

    async disconnect(userId: string, member: string, activityMs = 0): Promise<PresenceChange | null> {
      const reply = asList(await run(disconnectScript, [userId, member, activityMs]));
      return reply[0] === 1 ? offlineChange(reply[1]) : null;
    },

    /** Refreshes this instance's sockets; returns users who had lapsed and are back. */
    async heartbeat(entries: readonly HeartbeatEntry[]): Promise<PresenceChange[]> {
      const calls: Array<Promise<LuaReply>> = [];
      // Started together, in order, on one connection: a disconnect issued later runs after them.
      for (let start = 0; start < entries.length; start += HEARTBEAT_CHUNK) {
        const args: Array<string | number> = [socketTtlMs];
        for (const entry of entries.slice(start, start + HEARTBEAT_CHUNK)) {
          args.push(
            entry.userId,
            entry.organizationId ?? '',
            entry.activityMs,
            entry.members.length,
            ...entry.members,
          );
        }
        calls.push(run(heartbeatScript, args));
      }
      const replies = await Promise.all(calls);
      return replies.flatMap((reply) =>
        asList(reply).map((row) => ({ ...offlineChange(row), online: true })),
      );
    },

    /** Turns offline up to `limit` users whose sockets all lapsed (their instance died). */
    async sweep(limit = 500): Promise<PresenceChange[]> {
      return asList(await run(sweepScript, [limit])).map(offlineChange);
    },

    /** Takes up to `limit` unsaved last activities; give them back with restoreDirty if saving fails. */
    async takeDirty(limit = 1_000): Promise<Array<{ userId: string; at: Date }>> {
      const flat = asList(await run(takeDirtyScript, [limit]));
      const out: Array<{ userId: string; at: Date }> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const at = toDate(flat[i + 1] ?? null);
        if (at) out.push({ userId: String(flat[i]), at });
      }
      return out;
    },

    async restoreDirty(entries: ReadonlyArray<{ userId: string; at: Date }>): Promise<void> {
      if (!entries.length) return;
      await run(
        restoreDirtyScript,
        entries.flatMap((entry) => [entry.userId, entry.at.getTime()]),
      );
    },

    async snapshot(): Promise<PresenceSnapshot> {
      const [seq, ...flat] = asList(await run(snapshotScript, []));
      const users: PresenceSnapshot['users'] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) {
        users.push({
          userId: String(flat[i]),
          organizationId: toOrg(flat[i + 1] ?? null),
          lastActivity: toDate(flat[i + 2] ?? null),
        });
      }
      return { seq: Number(seq ?? 0), users };
    },

    /**
     * PresenceReader (packages/api): the ids among `userIds` that are online now. The lists asked
     * for in one turn of the event loop (the pages of the requests read in it) are checked by one
     * script call.
     */
    async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
      if (!userIds.length) return new Set();
      return onlineAmongPerTurn(userIds);
    },

    /** How many users are online now, on every instance (for the metrics). */
    async countOnline(): Promise<number> {
      return redis.zcount(keys[0] as string, Date.now(), '+inf');
    },

    /** PresenceReader (packages/api): every user online now. */
    async allOnline(): Promise<string[]> {
      return asList(await run(allOnlineScript, [])).map(String);
    },
  };
}

export type PresenceStore = ReturnType<typeof createPresenceStore>;

function asList(reply: LuaReply): LuaReply[] {
  return Array.isArray(reply) ? reply : [];
}

function offlineChange(row: LuaReply | undefined): PresenceChange {
  const [userId, activity, org, seq] = asList(row ?? null);
  return {
    userId: String(userId),
    online: false,
    organizationId: toOrg(org ?? null),
    lastActivity: toDate(activity ?? null),
    seq: Number(seq),
  };
}

function toOrg(value: LuaReply): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function toDate(value: LuaReply): Date | null {
  const ms = Number(value);
  return value === '' || value === null || !Number.isFinite(ms) || ms <= 0 ? null : new Date(ms);
}
