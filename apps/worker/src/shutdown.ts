import { settlesWithin } from '@praxis/jobs';
import type { Logger } from 'pino';
import type { MailWorker } from './worker';

// After the deadline, how long an aborted send may take to hand its job back for a retry.
const ABORT_GRACE_MS = 1_000;

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
