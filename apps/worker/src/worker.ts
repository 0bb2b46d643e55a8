import { currentAccessBlock } from '@praxis/auth';
import type { Executor } from '@praxis/db';
import { MAIL_KINDS, MAIL_QUEUE, type MailKind, queuePrefix } from '@praxis/jobs';
import type { MailTransport } from '@praxis/mail';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { attachJobLogging } from './job-logging';
import { processInvitation } from './processors/invitation';
import type { MailJobResult, MailProcessor } from './processors/mail-processor';
import { processPasswordReset, processSetPassword } from './processors/password-link';
import { securityNoticeProcessor } from './processors/security-notice';
import { processAccountApproved, processConfirmEmail, processRegistrationNotice } from './processors/sign-up';
import { processTwoFactorCode } from './processors/two-factor-code';

const NEW_ACCOUNT_GRACE_MS = 30_000;

const mailProcessors: Record<MailKind, MailProcessor> = {
  'two-factor-code': processTwoFactorCode,
  'password-reset': processPasswordReset,
  'set-password': processSetPassword,
  invitation: processInvitation,
  'confirm-email': processConfirmEmail,
  'registration-notice': processRegistrationNotice,
  'account-approved': processAccountApproved,
  'password-changed': securityNoticeProcessor('password-changed'),
  'email-changed': securityNoticeProcessor('email-changed'),
  'new-sign-in': securityNoticeProcessor('new-sign-in'),
  'impersonation-started': securityNoticeProcessor('impersonation-started'),
  'two-factor-disabled': securityNoticeProcessor('two-factor-disabled'),
  'backup-code-used': securityNoticeProcessor('backup-code-used'),
};

export interface MailWorkerDeps {
  /** A connection made with createRedis(url, 'worker'); BullMQ duplicates it for blocking reads. */
  connection: Redis;
  redisPrefix: string;
  transport: MailTransport;
  appUrl: string;
  logger: Logger;
  /**
   * The database, to check just before sending a password link that its account could still use
   * it. Absent when the server holds an embedded database this process cannot open.
   */
  db?: Executor | undefined;
  /** Mails sent at once by this process; default 5. */
  concurrency?: number;
  /** See MailJobContext.newAccountGraceMs; default 30 s. */
  newAccountGraceMs?: number;
}

export type MailWorker = Worker<unknown, MailJobResult>;

/** Starts taking jobs off the mail queue at once; `close()` stops intake and waits for the mail in hand. */
export function startMailWorker(deps: MailWorkerDeps): MailWorker {
  const logger = deps.logger.child({ queue: MAIL_QUEUE });
  const { db } = deps;
  const worker: MailWorker = new Worker(
    MAIL_QUEUE,
    // Three parameters: BullMQ hands the abort signal only to a processor that declares it.
    async (job: Job<unknown, MailJobResult>, _token?: string, signal?: AbortSignal) => {
      if (!isMailKind(job.name)) throw new UnrecoverableError(`Unknown mail kind "${job.name}"`);
      return mailProcessors[job.name](job.data, {
        transport: deps.transport,
        appUrl: deps.appUrl,
        logger: logger.child({ jobId: job.id, kind: job.name }),
        signal,
        now: new Date(),
        accountBlock: db && ((userId: string) => currentAccessBlock(db, userId)),
        queuedAt: new Date(job.timestamp),
        newAccountGraceMs: deps.newAccountGraceMs ?? NEW_ACCOUNT_GRACE_MS,
      });
    },
    {
      connection: deps.connection,
      prefix: queuePrefix(deps.redisPrefix),
      concurrency: deps.concurrency ?? 5,
    },
  );
  attachJobLogging(worker, logger);
  return worker;
}

function isMailKind(name: string): name is MailKind {
  return (MAIL_KINDS as string[]).includes(name);
}
