import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MailWorker } from './worker';

// After the deadline, how long an aborted send may take to hand its job back for a retry.
const ABORT_GRACE_MS = 1_000;
const REDIS_QUIT_MS = 1_000;

/**
 * Stops intake and waits for the mail in hand. Past the deadline the sends in hand are aborted:
 * their jobs fail this attempt and are retried later. Resolves true when it closed in time.
 */
export async function closeWithDeadline(
  worker: MailWorker,
  deadlineMs: number,
  logger: Logger,
): Promise<boolean> {
  const closing = worker
    .close()
    .catch((error: unknown) => logger.error({ err: error }, 'closing the worker failed'));
  if (await settlesWithin(closing, deadlineMs)) return true;
  logger.warn(
    { deadlineMs },
    'shutdown deadline passed: aborting any mail in hand (its job will be retried)',
  );
  worker.cancelAllJobs('worker shutdown deadline');
  await settlesWithin(closing, ABORT_GRACE_MS);
  return false;
}

/** QUIT when Redis answers, else drop the socket: a dead Redis must not hold the exit. */
export async function quitRedis(connection: Redis): Promise<void> {
  const quitting = connection.quit().catch(() => undefined);
  if (!(await settlesWithin(quitting, REDIS_QUIT_MS))) connection.disconnect();
}

/**
 * Runs `shutdown` on the first SIGINT/SIGTERM and exits with its code. Later signals are only
 * logged: Ctrl-C reaches pnpm, tsx and this process alike, and tsx relays it once more, so a
 * second signal is not the user insisting. The deadline inside `shutdown` bounds the wait.
 */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<number>): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.info({ signal }, 'already shutting down');
      return;
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    shutdown().then(
      (code) => process.exit(code),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
