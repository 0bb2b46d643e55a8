import { type PresenceUpdate, REGROUP_EVENT, type RegroupRequest, sessionRoom } from '@praxis/presence';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { PresenceSocketData } from './handshake';
import type { LocalSockets } from './local-sockets';
import type { PresenceBackend } from './presence-backend';
import { releaseHandshakeRequest } from './release-upgrade';
import type { SessionExpiryWatch } from './session-expiry';
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
/** Between instances (`serverSideEmit`, from @praxis/presence's broadcaster). */
export interface InterServer {
  [REGROUP_EVENT]: (request: RegroupRequest) => void;
}
export type PresenceSocket = Socket<ClientToServer, ServerToClient, InterServer, PresenceSocketData>;

export interface ConnectionDeps {
  instanceId: string;
  backend: Pick<PresenceBackend, 'store' | 'announce' | 'writer'>;
  local: LocalSockets;
  expiry: Pick<SessionExpiryWatch, 'watch' | 'unwatch'>;
  logger: Logger;
  /** Work the close must wait for (a connect or disconnect still being written). */
  track: (work: Promise<unknown>) => void;
}

/**
 * What happens to an authenticated /presence socket, from its connection to its disconnect.
 * Per socket it keeps only what socket.io keeps plus `socket.data` and one entry in the local
 * map: the listeners are shared functions (`this` is the socket), the session's expiry is watched
 * by one instance-wide timer, and the upgrade request is let go once the handshake has read it.
 */
export function createConnectionHandler({
  instanceId,
  backend,
  local,
  expiry,
  logger,
  track,
}: ConnectionDeps) {
  const { store, announce, writer } = backend;
  const memberOf = (socket: PresenceSocket) => `${instanceId}:${socket.id}`;
  // Connects still being written, by socket id: a disconnect waits for its connect.
  const connecting = new Map<string, Promise<void>>();

  function onActivity(this: PresenceSocket): void {
    local.touch(this.data.actor.id, Date.now());
  }

  function onDisconnect(this: PresenceSocket): void {
    const { actor } = this.data;
    expiry.unwatch(this);
    const activityMs = local.remove(actor.id, this.id);
    const connected = connecting.get(this.id) ?? Promise.resolve();
    track(
      connected
        .then(() => store.disconnect(actor.id, memberOf(this), activityMs))
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
  }

  return (socket: PresenceSocket): void => {
    releaseHandshakeRequest(socket);
    const { actor, sessionPublicId, viewerRooms } = socket.data;
    // No room per user: the local map finds a user's sockets (see regroupLocal).
    void socket.join([sessionRoom(sessionPublicId), ...viewerRooms]);
    // socket.io puts every socket in a room named by its id, for `to(socketId)`: nothing here
    // addresses one socket that way (sessions have rooms, users the local map), and that room
    // cost about 230 bytes a socket.
    void socket.leave(socket.id);
    // Recorded locally before the connect script is sent: every later heartbeat includes it.
    local.add(actor.id, actor.organizationId, socket.id);

    const ready = store
      .connect(actor.id, actor.organizationId, memberOf(socket))
      .then(async (change) => {
        if (change) await announce([change]);
        // Rooms first, then the snapshot: a transition in between reaches the viewer either way
        // (its seq tells which is newer).
        if (viewerRooms.length && socket.connected) {
          socket.emit('presence:snapshot', snapshotFor(actor, await store.snapshot()));
        }
      })
      .catch((error: unknown) => logger.warn({ err: error, userId: actor.id }, 'presence connect failed'))
      .finally(() => connecting.delete(socket.id));
    connecting.set(socket.id, ready);
    track(ready);

    socket.on('activity', onActivity);
    socket.on('disconnect', onDisconnect);
    expiry.watch(socket);
  };
}

/**
 * Handles REGROUP_EVENT on this instance: moves the user's sockets here out of the viewer rooms
 * their rights no longer cover and into those they now do, then tells them to reconnect for a
 * snapshot under the new rights (a client that does not is still held to them: rooms are ours).
 */
export function regroupLocal(
  local: Pick<LocalSockets, 'socketIdsOf'>,
  socketsById: ReadonlyMap<string, PresenceSocket>,
  request: RegroupRequest,
): void {
  if (typeof request?.userId !== 'string' || !Array.isArray(request.leave) || !Array.isArray(request.join)) {
    return;
  }
  for (const socketId of local.socketIdsOf(request.userId)) {
    const socket = socketsById.get(socketId);
    if (!socket) continue;
    for (const room of request.leave) void socket.leave(room);
    if (request.join.length) void socket.join(request.join);
    socket.emit('presence:reconnect', { reason: 'access_changed' });
  }
}
