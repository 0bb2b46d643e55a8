import { ConfigError, loadConfig } from '@praxis/config';
import { createRedis, MAIL_QUEUE } from '@praxis/jobs';
import { createMailTransport } from '@praxis/mail';
import { pino } from 'pino';
import { startWorkerPresenceSweeper } from './presence-sweeper';
import { closeWithDeadline, onShutdownSignal, quitRedis } from './shutdown';
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
  const mailWorker = startMailWorker({
    connection,
    redisPrefix: config.redisPrefix,
    transport,
    appUrl: config.appUrl,
    logger,
  });
  const presenceSweeper = startWorkerPresenceSweeper(config, connection, logger);

  onShutdownSignal(lifecycle, async () => {
    const drained = await closeWithDeadline(mailWorker, config.shutdownTimeoutMs, logger);
    await transport.close();
    await presenceSweeper?.close();
    await quitRedis(connection);
    lifecycle.info({ drained }, 'worker stopped');
    return drained ? 0 : 1;
  });

  await mailWorker.waitUntilReady();
  await presenceSweeper?.ready;
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
