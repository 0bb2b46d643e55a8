import type { Redis } from 'ioredis';

/** How long QUIT may wait for a reply before the socket is dropped. */
const REDIS_QUIT_MS = 1_000;

/**
 * True when `work` settled (resolved or rejected) within `ms`, false at the deadline. The
 * work is not cancelled: a dead Redis or a stuck close must not hold the shutdown.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
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

/** QUIT when Redis answers, else drop the socket: a dead Redis must not hold the exit. */
export async function quitRedis(client: Redis, ms = REDIS_QUIT_MS): Promise<void> {
  if (!(await settlesWithin(client.quit(), ms))) client.disconnect();
}

/**
 * How long a process may run past SHUTDOWN_TIMEOUT_MS (the drain's deadline) before its signal
 * handler exits 1: room for what follows the drain (aborted sends handing back their jobs,
 * QUIT, closing the pool), each bounded by its own shorter deadline.
 */
export const SHUTDOWN_GRACE_MS = 5_000;

export interface ShutdownSignalOptions {
  logger: { info(fields: object, message: string): void; error(fields: object, message: string): void };
  /** Closes everything in order; resolves to the exit code. */
  shutdown: () => Promise<number>;
  /**
   * Exit 1 when `shutdown` has not settled by then: the closes' own deadlines failed to bound
   * it, and an orchestrator would SIGKILL the process anyway.
   */
  deadlineMs: number;
  /** Where the signals arrive and how the process ends; tests pass their own. */
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  exit?: (code: number) => void;
}

/**
 * Runs `shutdown` once, on the first SIGINT/SIGTERM, and exits with its code: 1 when it throws
 * or misses `deadlineMs`. Later signals are only logged: Ctrl-C reaches pnpm, tsx and this
 * process alike, and tsx relays it once more, so a second signal is not the user insisting.
 * Returns a function that removes the handlers.
 */
export function onShutdownSignal(options: ShutdownSignalOptions): () => void {
  const { logger, shutdown, deadlineMs, signals = process, exit = (code) => process.exit(code) } = options;
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.info({ signal }, 'already shutting down');
      return;
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const closing = shutdown().catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      return 1;
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        logger.error({ deadlineMs }, 'shutdown deadline passed: exiting');
        resolve(1);
      }, deadlineMs);
    });
    void Promise.race([closing, deadline]).then((code) => {
      clearTimeout(timer);
      exit(code);
    });
  };
  signals.on('SIGINT', handle);
  signals.on('SIGTERM', handle);
  return () => {
    signals.off('SIGINT', handle);
    signals.off('SIGTERM', handle);
  };
}
