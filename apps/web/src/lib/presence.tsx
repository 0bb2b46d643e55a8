// Live presence for viewers who may read it: one socket.io connection to /presence per tab,
// shared by every screen through context. Types only from the server side: nothing of it is bundled.
import type { PresenceUpdate } from '@praxis/presence';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { io } from 'socket.io-client';

export interface PresenceEntry {
  online: boolean;
  /** ISO time of the last activity, null when the user was never active. */
  lastActivity: string | null;
}

interface PresenceSnapshot {
  seq: number;
  users: Omit<PresenceUpdate, 'seq'>[];
}

export type PresenceStatus = 'connecting' | 'live' | 'offline';

interface PresenceState {
  status: PresenceStatus;
  users: ReadonlyMap<string, PresenceEntry>;
}

const PresenceContext = createContext<PresenceState>({ status: 'offline', users: new Map() });

/** Applies a snapshot, then updates newer than it (`seq`), so a late update never undoes a fresh snapshot. */
function reducer() {
  let snapshotSeq = -1;
  let users = new Map<string, PresenceEntry>();
  return {
    snapshot(payload: PresenceSnapshot) {
      snapshotSeq = payload.seq;
      users = new Map(
        payload.users.map((user) => [user.userId, { online: user.online, lastActivity: user.lastActivity }]),
      );
      return users;
    },
    update(payload: PresenceUpdate) {
      if (payload.seq <= snapshotSeq) return users;
      users = new Map(users);
      users.set(payload.userId, { online: payload.online, lastActivity: payload.lastActivity });
      return users;
    },
  };
}

/** Connects while `enabled` (the viewer may read presence); the session cookie authenticates. */
export function PresenceProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [state, setState] = useState<PresenceState>({ status: 'offline', users: new Map() });

  useEffect(() => {
    if (!enabled) return;
    const socket = io('/presence', { path: '/socket.io', withCredentials: true, transports: ['websocket'] });
    const presence = reducer();
    setState((current) => ({ ...current, status: 'connecting' }));
    socket.on('connect', () => setState((current) => ({ ...current, status: 'live' })));
    socket.on('disconnect', () => setState((current) => ({ ...current, status: 'connecting' })));
    socket.on('connect_error', () => setState((current) => ({ ...current, status: 'offline' })));
    socket.on('presence:snapshot', (payload: PresenceSnapshot) =>
      setState({ status: 'live', users: presence.snapshot(payload) }),
    );
    socket.on('presence:update', (payload: PresenceUpdate) =>
      setState((current) => ({ ...current, users: presence.update(payload) })),
    );
    // The viewer's rights changed: a new connection gets a snapshot under the new ones.
    socket.on('presence:reconnect', () => {
      socket.disconnect();
      socket.connect();
    });
    return () => {
      socket.disconnect();
    };
  }, [enabled]);

  return <PresenceContext.Provider value={state}>{children}</PresenceContext.Provider>;
}

/** Everyone the live connection knows about, and whether it is connected. */
export function usePresence(): PresenceState {
  return useContext(PresenceContext);
}

/**
 * One user's presence: the live value when the socket has one, else what the API said
 * (`isOnline` null = unknown, e.g. while Redis is unreachable).
 */
export function useUserPresence(
  userId: string,
  fromApi: { isOnline: boolean | null; lastActivity: Date | null },
): { online: boolean | null; lastActivity: Date | null } {
  const { users } = usePresence();
  const live = users.get(userId);
  return useMemo(() => {
    if (!live) return { online: fromApi.isOnline, lastActivity: fromApi.lastActivity };
    return { online: live.online, lastActivity: live.lastActivity ? new Date(live.lastActivity) : null };
  }, [live, fromApi.isOnline, fromApi.lastActivity]);
}
