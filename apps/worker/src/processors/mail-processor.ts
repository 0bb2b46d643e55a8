import { MailRejectedError, type MailTransport, type RenderedMail } from '@praxis/mail';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { z } from 'zod';

export interface MailJobContext {
  transport: MailTransport;
  appUrl: string;
  /** Already carries the job id and kind. */
  logger: Logger;
  /** Aborted when shutdown gives up waiting for this job. */
  signal?: AbortSignal | undefined;
  now: Date;
  /**
   * Why the account could not use a sign-in secret now (accessBlock, or 'deleted'), or null.
   * Undefined when this worker has no database (embedded PGlite lives in the server process):
   * then only the check made when the link was requested applies.
   */
  accountBlock?: ((userId: string) => Promise<string | null>) | undefined;
  /** When the job was queued. */
  queuedAt: Date;
  /**
   * How long after queueing an account that is not found yet is waited for rather than dropped:
   * users.create queues the set-password link inside the transaction that creates the account.
   */
  newAccountGraceMs: number;
}

export type MailJobResult = 'sent' | 'skipped-expired' | 'skipped-account-blocked';

/** Handles one mail kind: parse the payload, check it is still wanted, render, send. */
export type MailProcessor = (data: unknown, context: MailJobContext) => Promise<MailJobResult>;

/** A payload that does not match its schema never will: fail the job at once, without retries. */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, data: unknown): z.output<Schema> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  // Paths and issue codes only: the values may hold the code or token.
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.code}`);
  throw new UnrecoverableError(`Invalid mail payload (${problems.join('; ')})`);
}

/** A code or link that has lapsed is useless to the reader: skip it (logged), do not fail. */
export function hasExpired(payload: { expiresAt: string }, context: MailJobContext): boolean {
  if (Date.parse(payload.expiresAt) > context.now.getTime()) return false;
  context.logger.info({ expiresAt: payload.expiresAt }, 'mail skipped: its code or link has expired');
  return true;
}

/** A new account's mail may be taken before the transaction creating the account commits. */
const BEFORE_ACCOUNT_COMMIT: ReadonlySet<string> = new Set(['deleted']);
/** An approval's mail may be taken while the account still reads as pending. */
export const BEFORE_APPROVAL_COMMIT: ReadonlySet<string> = new Set(['deleted', 'pending']);

/**
 * A password link for an account that could not sign in with it now is dropped (logged, not
 * failed): the account may have been disabled, suspended or deleted since the link was requested.
 */
export async function accountCannotUseLink(
  payload: { userId: string },
  context: MailJobContext,
  /** What the account looks like before the transaction that queued the mail commits. */
  notCommittedYet: ReadonlySet<string> = BEFORE_ACCOUNT_COMMIT,
): Promise<boolean> {
  const block = await context.accountBlock?.(payload.userId);
  if (!block) return false;
  if (
    notCommittedYet.has(block) &&
    context.now.getTime() - context.queuedAt.getTime() < context.newAccountGraceMs
  ) {
    // Retried with the job's backoff: the transaction that queued it may not have committed yet.
    throw new Error('The account of this link is not visible yet; retrying');
  }
  context.logger.info(
    { userId: payload.userId, reason: block },
    'mail dropped: the account could not use it',
  );
  return true;
}

export async function deliver(
  context: MailJobContext,
  recipient: { to: string; name: string },
  mail: RenderedMail,
): Promise<MailJobResult> {
  try {
    await context.transport.send(
      { to: { name: recipient.name, address: recipient.to }, ...mail },
      { signal: context.signal },
    );
  } catch (error) {
    if (error instanceof MailRejectedError) throw new UnrecoverableError(error.message);
    throw error;
  }
  context.logger.info('mail sent');
  return 'sent';
}
