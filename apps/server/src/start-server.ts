import cluster from 'node:cluster';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApiDeps, ensureBootstrapAdmin } from '@praxis/api';
import type { Config } from '@praxis/config';
import { createDb, migrateToLatest } from '@praxis/db';
import { createRedis, waitForRedis, watchRedisHealth } from '@praxis/jobs';
import { createMetrics, shareWithPrimary } from '@praxis/metrics';
import type { Logger } from 'pino';
import { createApp } from './app';
import { startEmbeddedAuditRetention } from './audit-retention';
import { watchServerDependencies } from './metrics-sources';
import { createPresenceBackend, createRealtime } from './realtime';
import { indexHandOverOf } from './search-index-handover';

/**
 * Builds every dependency once, migrates, seeds the first admin, and listens. Returns the
 * bound port and an ordered, deadline-bounded shutdown.
 */
export async function startServer(config: Config, logger: Logger) {
  if (config.usesDevelopmentSecretsKey) {
    logger.warn(
      'SECRETS_KEY is not set: using the public development key. Set your own before real data arrives (openssl rand -base64 32); production refuses to start without it.',
    );
  }
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  logger.info({ driver: database.driver, location: database.location }, 'database opened');
  await migrateToLatest(database.db);

  const redis = createRedis(config.redisUrl, 'producer');
  watchRedisHealth(redis, logger, 'api');
  await waitForRedis(redis, 5_000).catch(() =>
    logger.warn(
      `Redis at ${config.redisUrl} does not answer: sign-in and mail will fail until it does. Start Redis or set REDIS_URL.`,
    ),
  );

  // With an embedded database only this process can write last_activity: it sweeps presence itself.
  const presence = createPresenceBackend({
    config,
    logger,
    db: database.db,
    apiRedis: redis,
    runSweeper: database.driver === 'pglite',
  });
  const deps = createApiDeps({
    config,
    db: database.db,
    redis,
    logger,
    presence: presence.reader,
    sessionEvents: presence.sessionEvents,
    searchHandOver: cluster.isWorker ? indexHandOverOf(process.env) : undefined,
  });
  await ensureBootstrapAdmin(deps, logger);
  const auditRetention =
    database.driver === 'pglite' ? startEmbeddedAuditRetention(config, database.db, logger) : null;

  const metrics = createMetrics('server');
  // One of several server processes: a scrape answers for all of them (see server-processes.ts).
  const scrapes = cluster.isWorker ? shareWithPrimary(metrics) : undefined;
  const app = createApp(deps, { metrics, scrapes });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  const realtime = createRealtime({
    config,
    logger,
    backend: presence,
    sessions: deps.sessions,
    httpServer: server as HttpServer,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ port, url: `http://localhost:${port}` }, 'server listening');
  // Searches are counted by Postgres until this process's index is built, in the background.
  void deps.userSearch.ready();
  const scrapeListener = await watchServerDependencies(metrics, {
    config,
    database,
    redis,
    presence,
    mailQueue: deps.mailQueue,
    realtime,
    logger,
  });

  async function close() {
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed; closing connections');
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    deadline.unref();
    // Sockets first: their users go offline and their last activity is saved while the stores are up.
    await realtime.close();
    await scrapeListener?.close();
    await presence.close();
    // Stop accepting, let in-flight requests finish, then release the stores.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    });
    await auditRetention?.close();
    deps.userSearch.stop();
    await deps.mailQueue.close();
    redis.disconnect();
    await database.close();
    clearTimeout(deadline);
  }

  return { port, metricsPort: scrapeListener?.port, server, deps, close };
}
