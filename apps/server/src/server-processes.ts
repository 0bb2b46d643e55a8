import cluster, { type Worker } from 'node:cluster';
import type { Config } from '@praxis/config';
import { onShutdownSignal, SHUTDOWN_GRACE_MS } from '@praxis/jobs';
import { aggregateWorkers, listenForScrapes } from '@praxis/metrics';
import type { Logger } from 'pino';
import { prepareIndexHandOver } from './search-index-handover';

// More deaths than this within a minute stop the server: a crash loop needs its operator.
const DEATHS_PER_MINUTE = 5;

/**
 * The primary of a server of `count` processes sharing the API port (node:cluster): a Node
 * process works on one core, so one per core serves about as many more requests. The first
 * process starts alone (it migrates the database and creates the first admin), the others once
 * it listens; a process that fails to start stops the server with its exit code (its own log
 * said why). A process that dies later is replaced. SIGTERM or SIGINT stops every process, each
 * with its own graceful shutdown. METRICS_PORT is served here, for all of them.
 */
export async function runServerProcesses(config: Config, logger: Logger, count: number) {
  const scrapes = aggregateWorkers();
  let stopping = false;
  const workers = new Set<Worker>();

  // The processes started with the server build the search index once (search-index-handover.ts).
  const handOver = config.userSearchIndexMaxUsers > 0 ? prepareIndexHandOver(count, logger) : undefined;
  const start = (env?: Record<string, string>) =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork(env);
      workers.add(worker);
      const failed = (code: number | null) => reject(Object.assign(new Error('exited'), { code: code || 1 }));
      worker.once('exit', failed);
      worker.once('listening', () => {
        worker.off('exit', failed);
        resolve(worker);
      });
    });
  const stopAll = async () => {
    stopping = true;
    handOver?.end();
    await Promise.all(
      [...workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    const startWithPart = async () => {
      const part = handOver?.next();
      const worker = await start(part?.env);
      if (part) worker.once('exit', part.stopped);
    };
    await startWithPart();
    await Promise.all(Array.from({ length: count - 1 }, startWithPart));
  } catch (error) {
    await stopAll();
    process.exit((error as { code: number }).code);
  }
  logger.info({ processes: count }, 'server processes started');

  const deaths: number[] = [];
  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while ((deaths[0] ?? now) < now - 60_000) deaths.shift();
    if (deaths.length > DEATHS_PER_MINUTE) {
      logger.fatal({ deaths: deaths.length }, 'server processes keep dying: stopping the server');
      void stopAll().then(() => process.exit(1));
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'a server process died: starting another');
    start().catch(() => logger.error('the replacement server process failed to start'));
  });

  const { serverPort, host, token } = config.metrics;
  const listener =
    serverPort === undefined ? null : await listenForScrapes(scrapes, { port: serverPort, host, token });
  if (listener) logger.info({ port: listener.port, host }, 'metrics listening');

  onShutdownSignal({
    logger,
    deadlineMs: config.shutdownTimeoutMs + 2 * SHUTDOWN_GRACE_MS,
    shutdown: async () => {
      await stopAll();
      await listener?.close();
      return 0;
    },
  });
}
