import type { Config } from '@praxis/config';
import type { Db } from '@praxis/db';
import { createRedis, settlesWithin, startAuditRetention, watchRedisHealth } from '@praxis/jobs';
import type { Logger } from 'pino';

const CLOSE_DEADLINE_MS = 2_000;

/**
 * The audit log's retention job in the server. Only for an embedded (PGlite) database, which no
 * other process can open; with DATABASE_URL the worker runs it.
 */
export function startEmbeddedAuditRetention(config: Config, db: Db, logger: Logger) {
  const connection = createRedis(config.redisUrl, 'worker', { connectionName: 'praxis-audit-retention' });
  watchRedisHealth(connection, logger, 'audit-retention');
  const retention = startAuditRetention({
    connection,
    redisPrefix: config.redisPrefix,
    db,
    logger,
    retentionDays: config.auditRetentionDays,
  });
  logger.info(
    { retentionDays: config.auditRetentionDays },
    'audit retention runs in the server (embedded database)',
  );
  return {
    ready: retention.ready,
    async close(): Promise<void> {
      // A dead Redis must not hold the shutdown.
      await settlesWithin(retention.close(), CLOSE_DEADLINE_MS);
      connection.disconnect();
    },
  };
}
