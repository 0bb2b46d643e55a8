// A mail worker and its queue on a fresh Redis prefix, with a log capture, for this app's tests.
import type { Executor } from '@praxis/db';
import { randomSuffix } from '@praxis/db/testing';
import { createMailQueue, createRedis, type MailQueue } from '@praxis/jobs';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { createMailTransport } from '@praxis/mail';
import { pino } from 'pino';
import { onTestFinished } from 'vitest';
import type { MailJobResult } from '../processors/mail-processor';
import { type MailWorker, startMailWorker } from '../worker';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export function captureLogs() {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines, text: () => lines.map((line) => JSON.stringify(line)).join('\n') };
}

export const APP_URL = 'https://praxis.example.test';

/**
 * A mail worker, its queue and a log capture on a Redis prefix of their own; closed when the test
 * ends. With `db`, the worker checks accounts before sending password links, as with DATABASE_URL.
 */
export async function startMailTestBed(
  smtpUrl: string,
  options: { db?: Executor; newAccountGraceMs?: number } = {},
) {
  const redisPrefix = `${testRedisPrefix()}-${randomSuffix()}`;
  const logs = captureLogs();
  const producer = createRedis(testRedisUrl, 'producer');
  const workerConnection = createRedis(testRedisUrl, 'worker');
  const queue: MailQueue = createMailQueue(producer, redisPrefix, logs.logger);
  const transport = createMailTransport({
    smtpUrl,
    mailFrom: 'Praxis <no-reply@example.test>',
    dataDir: '/nonexistent',
    isProduction: false,
    logger: logs.logger,
  });
  const worker = startMailWorker({
    connection: workerConnection,
    redisPrefix,
    transport,
    appUrl: APP_URL,
    logger: logs.logger,
    db: options.db,
    newAccountGraceMs: options.newAccountGraceMs,
  });
  onTestFinished(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await transport.close();
    await Promise.all([producer.quit(), workerConnection.quit()]);
  });
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
  return { redisPrefix, queue, worker, transport, logs };
}

/** Resolves with the result of the job once the worker completes it. Call before adding the job. */
export function completionOf(worker: MailWorker, jobId: string): Promise<MailJobResult> {
  return new Promise((resolve) => {
    const listener: (job: { id?: string | undefined }, result: MailJobResult) => void = (job, result) => {
      if (job.id !== jobId) return;
      worker.off('completed', listener);
      resolve(result);
    };
    worker.on('completed', listener);
  });
}

export const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
