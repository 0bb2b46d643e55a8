import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { ApiDeps } from '@praxis/api';
import type { Config } from '@praxis/config';
import { PRESENCE_NAMESPACE, REGROUP_EVENT, socketIoKey } from '@praxis/presence';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import {
  type ClientToServer,
  createConnectionHandler,
  type InterServer,
  regroupLocal,
  type ServerToClient,
} from './connection';
import { type PresenceSocketData, presenceHandshake, refusal } from './handshake';
import { createLocalSockets } from './local-sockets';
import type { PresenceBackend } from './presence-backend';
import { releaseUpgradeResponse } from './release-upgrade';
import { createSessionExpiryWatch } from './session-expiry';

export { createPresenceBackend, type PresenceBackend } from './presence-backend';

export interface RealtimeOptions {
  config: Config;
  logger: Logger;
  backend: PresenceBackend;
  /** The API's sessions: a socket authenticates like any request. */
  sessions: ApiDeps['sessions'];
  /** The API's HTTP server, which serves /socket.io beside it. */
  httpServer: HttpServer;
}

/**
 * socket.io on /presence across instances (@socket.io/redis-adapter: plain pub/sub, the fastest;
 * presence keeps its own state in Redis, so the streams adapter's replay is not needed), served
 * on the API's HTTP server.
 */
export function createRealtime({
  config,
  logger: parentLogger,
  backend,
  sessions,
  httpServer,
}: RealtimeOptions) {
  const logger = parentLogger.child({ component: 'realtime' });
  const instanceId = randomUUID();
  const appOrigin = new URL(config.appUrl).origin;
  const local = createLocalSockets(instanceId);
  const expiry = createSessionExpiryWatch(sessions);
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const io = new Server<ClientToServer, ServerToClient, InterServer, PresenceSocketData>({
    path: '/socket.io',
    serveClient: false,
    cors: { origin: appOrigin, credentials: true },
    // Clients send nothing but `activity`: a small cap keeps a hostile client's frames cheap.
    maxHttpBufferSize: 16 * 1024,
    // Long-polling needs every request of a client on the same process: in a server of several
    // processes (SERVER_PROCESSES) presence is WebSocket only, as the web app connects anyway.
    ...(cluster.isWorker && { transports: ['websocket' as const] }),
    adapter: createAdapter(backend.redis, backend.subscriber, { key: socketIoKey(config.redisPrefix) }),
  });
  io.of('/').use((_socket, next) =>
    next(refusal('FORBIDDEN', `Connect to the ${PRESENCE_NAMESPACE} namespace`)),
  );
  const namespace = io.of(PRESENCE_NAMESPACE);
  namespace.use(
    presenceHandshake({ sessions, requireTwoFactorRoles: config.requireTwoFactorRoles }, appOrigin, logger),
  );
  namespace.on('connection', createConnectionHandler({ instanceId, backend, local, expiry, logger, track }));
  namespace.on(REGROUP_EVENT, (request) => regroupLocal(local, namespace.sockets, request));
  io.attach(httpServer);
  io.engine.use(releaseUpgradeResponse);

  let beating = false;
  async function beat() {
    if (beating) return;
    beating = true;
    try {
      await backend.announce(await backend.store.heartbeat(local.takeHeartbeat()));
      await backend.writer.flush();
    } catch (error) {
      logger.warn({ err: error }, 'presence heartbeat failed');
    } finally {
      beating = false;
    }
  }
  const heartbeat = setInterval(() => void beat(), backend.timing.heartbeatMs);

  return {
    io,
    instanceId,

    /**
     * Closes this instance's sockets (their users go offline unless open elsewhere) and waits for
     * their disconnects to be written. Leaves the HTTP server to its owner (io.close() would close
     * it) and Redis to the backend's close.
     */
    async close(): Promise<void> {
      clearInterval(heartbeat);
      expiry.close();
      namespace.local.disconnectSockets(true);
      io.engine?.close();
      await Promise.allSettled([...pending]);
      await Promise.allSettled([namespace.adapter.close(), io.of('/').adapter.close()]);
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
