import type { ApiDeps } from '@praxis/api';
import { type PresenceUpdate, sessionRoom, userRoom } from '@praxis/presence';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { PresenceSocketData } from './handshake';
import type { LocalSockets } from './local-sockets';
import type { PresenceBackend } from './presence-backend';
import { type PresenceSnapshotPayload, snapshotFor } from './viewers';

export interface ServerToClient {
  'presence:snapshot': (snapshot: PresenceSnapshotPayload) => void;
  'presence:update': (update: PresenceUpdate) => void;
  /** The user's rights changed: reconnect for a snapshot under the new ones. */
  'presence:reconnect': (notice: { reason: 'access_changed' }) => void;
}
export interface ClientToServer {
  activity: () => void;
}
export type PresenceSocket = Socket<
  ClientToServer,
  ServerToClient,
  Record<string, never>,
  PresenceSocketData
>;

export interface ConnectionDeps {
  instanceId: string;
  backend: Pick<PresenceBackend, 'store' | 'announce' | 'writer'>;
  local: LocalSockets;
  sessions: Pick<ApiDeps['sessions'], 'validate'>;
  logger: Logger;
  /** Work the close must wait for (a connect or disconnect still being written). */
  track: (work: Promise<unknown>) => void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** What happens to an authenticated /presence socket, from its connection to its disconnect. */
export function createConnectionHandler({
  instanceId,
  backend,
  local,
  sessions,
  logger,
  track,
}: ConnectionDeps) {
  const { store, announce, writer } = backend;

  return (socket: PresenceSocket): void => {
    const { actor, sessionPublicId, viewerRooms } = socket.data;
    const member = `${instanceId}:${socket.id}`;
    void socket.join([sessionRoom(sessionPublicId), userRoom(actor.id), ...viewerRooms]);
    // Recorded locally before the connect script is sent: every later heartbeat includes it.
    local.add(actor.id, actor.organizationId, member);

    const ready = store
      .connect(actor.id, actor.organizationId, member)
      .then(async (change) => {
        if (change) await announce([change]);
        // Rooms first, then the snapshot: a transition in between reaches the viewer either way
        // (its seq tells which is newer).
        if (viewerRooms.length && socket.connected) {
          socket.emit('presence:snapshot', snapshotFor(actor, await store.snapshot()));
        }
      })
      .catch((error: unknown) => logger.warn({ err: error, userId: actor.id }, 'presence connect failed'));
    track(ready);

    socket.on('activity', () => local.touch(actor.id, Date.now()));

    const stopWatching = watchSessionExpiry(socket, sessions);

    socket.on('disconnect', () => {
      stopWatching();
      const activityMs = local.remove(actor.id, member);
      track(
        ready
          .then(() => store.disconnect(actor.id, member, activityMs))
          .then(async (change) => {
            if (!change) return;
            await announce([change]);
            // Clears the announced activity out of Redis (Postgres has it now).
            writer.flushSoon();
          })
          .catch((error: unknown) =>
            logger.warn({ err: error, userId: actor.id }, 'presence disconnect failed'),
          ),
      );
    });
  };
}

/**
 * Disconnects the socket once its session has ended, checking again when it expires (a session
 * may have been extended meanwhile). Returns a function that stops watching.
 */
function watchSessionExpiry(
  socket: PresenceSocket,
  sessions: Pick<ApiDeps['sessions'], 'validate'>,
): () => void {
  let timer: NodeJS.Timeout;
  const watchUntil = (expiresAt: Date) => {
    const delay = Math.min(Math.max(expiresAt.getTime() - Date.now(), 1_000), MAX_TIMER_MS);
    timer = setTimeout(async () => {
      const session = await sessions.validate(socket.data.token).catch(() => undefined);
      // undefined: the check failed (a Postgres outage); try again in a minute.
      if (session === null) socket.disconnect(true);
      else watchUntil(session?.expiresAt ?? new Date(Date.now() + 60_000));
    }, delay);
  };
  watchUntil(socket.data.sessionExpiresAt);
  return () => clearTimeout(timer);
}
