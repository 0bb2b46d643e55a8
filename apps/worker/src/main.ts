import { ConfigError, loadConfig } from '@praxis/config';
import { createDb } from '@praxis/db';
import {
  createRedis,
  MAIL_QUEUE,
  onShutdownSignal,
  quitRedis,
  SHUTDOWN_GRACE_MS,
  startAuditRetention,
} from '@praxis/jobs';
import { createMailTransport } from '@praxis/mail';
import { pino } from 'pino';
import { startWorkerMetrics } from './metrics';
import { startWorkerPresenceSweeper } from './presence-sweeper';
import { closeWithDeadline } from './shutdown';
import { startMailWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ name: 'worker', level: config.logLevel });
  // Start and stop are logged whatever LOG_LEVEL says (short of silent): operators and test
  // harnesses wait for "worker ready".
  const lifecycle = config.logLevel === 'silent' ? logger : logger.child({}, { level: 'info' });
  const connection = createRedis(config.redisUrl, 'worker');
  const transport = createMailTransport({
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    dataDir: config.dataDir,
    isProduction: config.isProduction,
    logger,
  });
  // Without DATABASE_URL the server holds an embedded database no other process can open: it
  // sweeps presence and prunes the audit log itself, and links are checked only when requested.
  const database = config.databaseUrl
    ? await createDb({ databaseUrl: config.databaseUrl, poolSize: 4, logger })
    : null;
  if (!database) {
    logger.info('no DATABASE_URL: the server sweeps presence and prunes the audit log (embedded database)');
  }
  const mailWorker = startMailWorker({
    connection,
    redisPrefix: config.redisPrefix,
    transport,
    appUrl: config.appUrl,
    logger,
    db: database?.db,
  });
  const presenceSweeper = database && startWorkerPresenceSweeper(config, connection, database.db, logger);
  const auditRetention =
    database &&
    startAuditRetention({
      connection,
      redisPrefix: config.redisPrefix,
      db: database.db,
      logger,
      retentionDays: config.auditRetentionDays,
    });

  const metrics = await startWorkerMetrics(config, {
    connection,
    database,
    workers: [mailWorker, presenceSweeper?.worker, auditRetention?.worker].filter(
      (w) => w !== null && w !== undefined,
    ),
    queues: auditRetention ? [auditRetention.queue] : [],
    logger: lifecycle,
  });

  onShutdownSignal({
    logger: lifecycle,
    deadlineMs: config.shutdownTimeoutMs + SHUTDOWN_GRACE_MS,
    shutdown: async () => {
      const drained = await closeWithDeadline(mailWorker, config.shutdownTimeoutMs, logger);
      await metrics?.close();
      await transport.close();
      await presenceSweeper?.close();
      await auditRetention?.close();
      await quitRedis(connection);
      await database?.close();
      lifecycle.info({ drained }, 'worker stopped');
      return drained ? 0 : 1;
    },
  });

  await mailWorker.waitUntilReady();
  await presenceSweeper?.ready;
  await auditRetention?.ready;
  lifecycle.info(
    { queue: MAIL_QUEUE, redisPrefix: config.redisPrefix, mail: transport.description },
    'worker ready',
  );
}

main().catch((error: unknown) => {
  const logger = pino({ name: 'worker' });
  // A configuration problem is the operator's to fix: its message names the variables, a stack adds nothing.
  if (error instanceof ConfigError) logger.fatal({ problems: error.problems }, error.message);
  else logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
