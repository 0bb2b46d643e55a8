import type { PresenceReader, SessionEvents } from '@praxis/api';
import type { Config } from '@praxis/config';
import type { Db } from '@praxis/db';
import { createRedis, quitRedis, settlesWithin, watchRedisHealth } from '@praxis/jobs';
import {
  createLastActivityWriter,
  createPresenceAnnouncer,
  createPresenceBroadcaster,
  createPresenceStore,
  presenceTiming,
  startPresenceSweeper,
  viewerRoomChange,
} from '@praxis/presence';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { viewerRoomsOf } from './viewers';

export interface PresenceBackendOptions {
  config: Config;
  logger: Logger;
  db: Db;
  /** The API's fail-fast connection: presence reads in requests must not wait out a Redis outage. */
  apiRedis: Redis;
  /** Run the sweeper here: the worker cannot open an embedded (PGlite) database this process holds. */
  runSweeper: boolean;
}

/**
 * Presence state in Redis and what the API needs of it (a reader, session events), without any
 * socket: built before the API's dependencies, which the socket server needs in turn.
 */
export function createPresenceBackend({
  config,
  logger: parentLogger,
  db,
  apiRedis,
  runSweeper,
}: PresenceBackendOptions) {
  const logger = parentLogger.child({ component: 'realtime' });
  const timing = presenceTiming(config.presenceTimeoutSeconds);

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
  const readStore = createPresenceStore({
    redis: apiRedis,
    redisPrefix: config.redisPrefix,
    socketTtlMs: timing.socketTtlMs,
  });
  const broadcaster = createPresenceBroadcaster(redis, config.redisPrefix, logger);
  const writer = createLastActivityWriter({ store, db, logger });
  const announce = createPresenceAnnouncer({ db, broadcaster, logger });

  const sweeperConnection = runSweeper ? createRedis(config.redisUrl, 'worker') : null;
  const sweeper =
    sweeperConnection &&
    startPresenceSweeper({
      connection: sweeperConnection,
      publisher: redis,
      redisPrefix: config.redisPrefix,
      db,
      logger,
      timeoutSeconds: config.presenceTimeoutSeconds,
    });
  if (sweeper)
    logger.info({ everyMs: sweeper.everyMs }, 'presence sweeper runs in the server (embedded database)');

  const reader: PresenceReader = { onlineAmong: readStore.onlineAmong, allOnline: readStore.allOnline };
  const sessionEvents: SessionEvents = {
    ended: broadcaster.ended,
    async accessChanged(changes) {
      for (const { before, after } of changes) {
        const { leave, join, changed } = viewerRoomChange(viewerRoomsOf(before), viewerRoomsOf(after));
        // Staff becoming provider, say: nothing they hear or announce changes.
        if (!changed && before.organizationId === after.organizationId) continue;
        broadcaster.regroup(after.id, leave, join);
      }
    },
  };

  return {
    timing,
    /** The socket.io adapter's pub/sub pair. */
    redis,
    subscriber,
    store,
    writer,
    announce,
    reader,
    sessionEvents,

    /** After the sockets are closed: stops the sweeper, saves the last activity, releases Redis. */
    async close(): Promise<void> {
      if (sweeper) await settlesWithin(sweeper.close(), 2_000);
      await writer.close();
      await Promise.all([redis, subscriber, sweeperConnection].map((client) => client && quitRedis(client)));
    },
  };
}

export type PresenceBackend = ReturnType<typeof createPresenceBackend>;
