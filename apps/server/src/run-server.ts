import type { Config } from '@praxis/config';
import { describeConnectionError, isDatabaseUnavailableError, redactUrl } from '@praxis/db';
import { onShutdownSignal, SHUTDOWN_GRACE_MS } from '@praxis/jobs';
import type { Logger } from 'pino';
import { startServer } from './start-server';

/** One server process: starts, or exits saying why; stops gracefully on SIGTERM or SIGINT. */
export async function runServer(config: Config, logger: Logger) {
  const running = await startServer(config, logger).catch((error: unknown) => {
    if (config.databaseUrl && isDatabaseUnavailableError(error)) {
      // The operator's to fix, like a bad variable: say what and where, a stack adds nothing.
      logger.fatal(
        { reason: describeConnectionError(error) },
        `server could not start: Postgres at ${redactUrl(config.databaseUrl)} is unreachable. Start it, or fix DATABASE_URL.`,
      );
    } else {
      logger.fatal({ err: error }, 'server could not start');
    }
    process.exit(1);
  });

  // The close has its own deadline (it drops open connections); this one bounds what is left.
  onShutdownSignal({
    logger,
    deadlineMs: config.shutdownTimeoutMs + SHUTDOWN_GRACE_MS,
    shutdown: async () => {
      await running.close();
      return 0;
    },
  });
}
