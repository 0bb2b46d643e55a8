import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { ApiDeps, PresenceReader, SessionEvents } from '@praxis/api';
import type { Config } from '@praxis/config';
import type { Db } from '@praxis/db';
import { createRedis, watchRedisHealth } from '@praxis/jobs';
import {
  createLastActivityWriter,
  createPresenceAnnouncer,
  createPresenceBroadcaster,
  createPresenceStore,
  PRESENCE_NAMESPACE,
  type PresenceSweeper,
  type PresenceUpdate,
  presenceTiming,
  sessionRoom,
  socketIoKey,
  startPresenceSweeper,
  userRoom,
} from '@praxis/presence';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { type PresenceSocketData, presenceHandshake, refusal } from './handshake';
import { createLocalSockets } from './local-sockets';
import { type PresenceSnapshotPayload, snapshotFor, viewerRoomsOf } from './viewers';

interface ServerToClient {
  'presence:snapshot': (snapshot: PresenceSnapshotPayload) => void;
  'presence:update': (update: PresenceUpdate) => void;
  /** The user's rights changed: reconnect for a snapshot under the new ones. */
  'presence:reconnect': (notice: { reason: 'access_changed' }) => void;
}
interface ClientToServer {
  activity: () => void;
}
type PresenceSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, PresenceSocketData>;

export interface RealtimeOptions {
  config: Config;
  logger: Logger;
  db: Db;
  /** The API's fail-fast connection: presence reads in requests must not wait out a Redis outage. */
  apiRedis: Redis;
  /** Run the sweeper here: the worker cannot open an embedded (PGlite) database this process holds. */
  runSweeper: boolean;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * socket.io on /presence across instances (@socket.io/redis-adapter: plain pub/sub, the fastest;
 * presence keeps its own state in Redis, so the streams adapter's replay is not needed). Create it
 * before the API's dependencies (it provides their presence reader and session events), then
 * `attach` it to the HTTP server.
 */
export function createRealtime({ config, logger: parentLogger, db, apiRedis, runSweeper }: RealtimeOptions) {
  const logger = parentLogger.child({ component: 'realtime' });
  const timing = presenceTiming(config.presenceTimeoutSeconds);
  const instanceId = randomUUID();
  const appOrigin = new URL(config.appUrl).origin;

  // Waits out Redis blips rather than failing heartbeats and disconnects.
  const redis = createRedis(config.redisUrl, 'worker', { connectionName: 'praxis-presence' });
  const subscriber = redis.duplicate({ connectionName: 'praxis-presence-sub' });
  // Also the socket.io adapter's pub/sub clients: nothing of theirs may reach stderr raw.
  watchRedisHealth(redis, logger, 'presence');
  watchRedisHealth(subscriber, logger, 'presence-subscriber');

  const store = createPresenceStore({
    redis,
    redisPrefix: config.redisPrefix,
    socketTtlMs: timing.socketTtlMs,
  });
  const reader = createPresenceStore({
    redis: apiRedis,
    redisPrefix: config.redisPrefix,
    socketTtlMs: timing.socketTtlMs,
  });
  const broadcaster = createPresenceBroadcaster(redis, config.redisPrefix, logger);
  const writer = createLastActivityWriter({ store, db, logger });
  const announce = createPresenceAnnouncer({ db, broadcaster, logger });
  const local = createLocalSockets();
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  let sweeper: PresenceSweeper | null = null;
  let sweeperConnection: Redis | null = null;
  if (runSweeper) {
    sweeperConnection = createRedis(config.redisUrl, 'worker');
    sweeper = startPresenceSweeper({
      connection: sweeperConnection,
      publisher: redis,
      redisPrefix: config.redisPrefix,
      db,
      logger,
      timeoutSeconds: config.presenceTimeoutSeconds,
    });
    logger.info({ everyMs: sweeper.everyMs }, 'presence sweeper runs in the server (embedded database)');
  }

  const io = new Server<ClientToServer, ServerToClient, Record<string, never>, PresenceSocketData>({
    path: '/socket.io',
    serveClient: false,
    cors: { origin: appOrigin, credentials: true },
    // Clients send nothing but `activity`: a small cap keeps a hostile client's frames cheap.
    maxHttpBufferSize: 16 * 1024,
    adapter: createAdapter(redis, subscriber, { key: socketIoKey(config.redisPrefix) }),
  });
  io.of('/').use((_socket, next) =>
    next(refusal('FORBIDDEN', `Connect to the ${PRESENCE_NAMESPACE} namespace`)),
  );
  const namespace = io.of(PRESENCE_NAMESPACE);

  function onConnection(socket: PresenceSocket, deps: ApiDeps) {
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

    let expiryTimer = watchSessionExpiry(socket, deps, socket.data.sessionExpiresAt);
    function watchSessionExpiry(target: PresenceSocket, apiDeps: ApiDeps, expiresAt: Date): NodeJS.Timeout {
      const delay = Math.min(Math.max(expiresAt.getTime() - Date.now(), 1_000), MAX_TIMER_MS);
      return setTimeout(async () => {
        const session = await apiDeps.sessions.validate(target.data.token).catch(() => undefined);
        if (session === null) target.disconnect(true);
        else
          expiryTimer = watchSessionExpiry(
            target,
            apiDeps,
            session?.expiresAt ?? new Date(Date.now() + 60_000),
          );
      }, delay);
    }

    socket.on('disconnect', () => {
      clearTimeout(expiryTimer);
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
  }

  let beating = false;
  async function beat() {
    if (beating) return;
    beating = true;
    try {
      await announce(await store.heartbeat(local.takeHeartbeat()));
      await writer.flush();
    } catch (error) {
      logger.warn({ err: error }, 'presence heartbeat failed');
    } finally {
      beating = false;
    }
  }
  const heartbeat = setInterval(() => void beat(), timing.heartbeatMs);

  const presence: PresenceReader = { onlineAmong: reader.onlineAmong, allOnline: reader.allOnline };
  const sessionEvents: SessionEvents = {
    ended: broadcaster.ended,
    async accessChanged(changes) {
      for (const { before, after } of changes) {
        const [had, now] = [viewerRoomsOf(before), viewerRoomsOf(after)];
        const leave = had.filter((room) => !now.includes(room));
        const sameRooms = leave.length === 0 && now.every((room) => had.includes(room));
        // Staff becoming provider, say: nothing they hear or announce changes.
        if (sameRooms && before.organizationId === after.organizationId) continue;
        broadcaster.regroup(after.id, leave, now);
      }
    },
  };

  return {
    io,
    instanceId,
    presence,
    sessionEvents,

    /** Serves /socket.io on the API's HTTP server, authenticating with the API's sessions. */
    attach(httpServer: HttpServer, deps: ApiDeps): void {
      namespace.use(presenceHandshake(deps, appOrigin, logger));
      namespace.on('connection', (socket) => onConnection(socket, deps));
      io.attach(httpServer);
    },

    /**
     * Closes this instance's sockets (their users go offline unless open elsewhere), saves the last
     * activity, and releases Redis. Leaves the HTTP server to its owner (io.close() would close it).
     */
    async close(): Promise<void> {
      clearInterval(heartbeat);
      namespace.local.disconnectSockets(true);
      io.engine?.close();
      await Promise.allSettled([...pending]);
      await Promise.allSettled([namespace.adapter.close(), io.of('/').adapter.close()]);
      if (sweeper) await settlesWithin(sweeper.close(), 2_000);
      await writer.close();
      await Promise.all([redis, subscriber, sweeperConnection].map((client) => client && quitRedis(client)));
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;

async function quitRedis(client: Redis): Promise<void> {
  if (!(await settlesWithin(client.quit(), 1_000))) client.disconnect();
}

/** A dead Redis must not hold the shutdown: true when `work` settled within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
