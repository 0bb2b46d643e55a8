import type { ApiDeps } from '@praxis/api';

const TICK_MS = 1_000;

/** What the watch needs of a socket: its session and a way to close it. */
export interface WatchedSocket {
  data: { token: string; sessionExpiresAtMs: number };
  readonly connected: boolean;
  disconnect(close: boolean): unknown;
}

/**
 * Closes sockets once their session has ended, checking each when its session expires (it may
 * have been extended meanwhile: then it is watched until the new expiry). One timer for the
 * whole instance, ticking every second over sockets bucketed by the second they expire in: a
 * timer (and its closures) per socket weighed more than the rest of our per-socket state.
 */
export function createSessionExpiryWatch(sessions: Pick<ApiDeps['sessions'], 'validate'>) {
  const buckets = new Map<number, Set<WatchedSocket>>();
  // A bucket is checked once its second has passed: the expiry is then behind us.
  const keyOf = (socket: WatchedSocket) => Math.ceil(socket.data.sessionExpiresAtMs / TICK_MS);
  let checked = Math.floor(Date.now() / TICK_MS);

  function watch(socket: WatchedSocket): void {
    // Due in a second already checked: the next tick's (the stored expiry serves only this watch).
    if (keyOf(socket) <= checked) socket.data.sessionExpiresAtMs = (checked + 1) * TICK_MS;
    const key = keyOf(socket);
    const bucket = buckets.get(key);
    if (bucket) bucket.add(socket);
    else buckets.set(key, new Set([socket]));
  }

  function unwatch(socket: WatchedSocket): void {
    const key = keyOf(socket);
    const bucket = buckets.get(key);
    if (!bucket) return;
    bucket.delete(socket);
    if (bucket.size === 0) buckets.delete(key);
  }

  async function recheck(socket: WatchedSocket): Promise<void> {
    const session = await sessions.validate(socket.data.token).catch(() => undefined);
    if (session === null) {
      socket.disconnect(true);
      return;
    }
    if (!socket.connected) return; // gone while we asked
    // undefined: the check failed (a Postgres outage); try again in a minute.
    socket.data.sessionExpiresAtMs = session?.expiresAt.getTime() ?? Date.now() + 60_000;
    watch(socket);
  }

  /** Rechecks every socket whose session expired by `now`. */
  function tick(now = Date.now()): Promise<unknown> {
    const due: WatchedSocket[] = [];
    const upTo = Math.floor(now / TICK_MS);
    const take = (key: number, bucket: Set<WatchedSocket>) => {
      buckets.delete(key);
      due.push(...bucket);
    };
    if (upTo - checked > buckets.size) {
      // A long gap (a suspended process, a clock step): fewer buckets than seconds to visit.
      for (const [key, bucket] of buckets) if (key <= upTo) take(key, bucket);
    } else {
      for (let key = checked + 1; key <= upTo; key++) {
        const bucket = buckets.get(key);
        if (bucket) take(key, bucket);
      }
    }
    checked = Math.max(checked, upTo);
    return Promise.all(due.map(recheck));
  }

  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();

  return {
    watch,
    unwatch,
    tick,
    /** Sockets watched now (for tests). */
    get size() {
      let size = 0;
      for (const bucket of buckets.values()) size += bucket.size;
      return size;
    },
    close: () => clearInterval(timer),
  };
}

export type SessionExpiryWatch = ReturnType<typeof createSessionExpiryWatch>;
