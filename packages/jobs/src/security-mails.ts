import { randomUUID } from 'node:crypto';
import type { MailPayload, SecurityNoticeKind } from './mail-jobs';
import { enqueueMail, type MailQueue } from './mail-queue';

/**
 * Queues a security notice to the account's owner. Call it inside the transaction of the change
 * it reports: when Redis does not take it, MailQueueUnavailableError rolls the change back
 * (a security change nobody can be told about is not made). Each notice is its own job.
 */
export function enqueueSecurityNotice<K extends SecurityNoticeKind>(
  queue: MailQueue,
  kind: K,
  payload: MailPayload<K>,
  jobId: string = randomUUID(),
): Promise<void> {
  return enqueueMail(queue, kind, payload, jobId);
}

/** "Two-factor turned off or reset": for auth.setEmail2fa, auth.totp.disable, users.resetTwoFactor. */
export function enqueueTwoFactorDisabledMail(
  queue: MailQueue,
  payload: Omit<MailPayload<'two-factor-disabled'>, 'at'> & { at?: string },
): Promise<void> {
  return enqueueSecurityNotice(queue, 'two-factor-disabled', { at: new Date().toISOString(), ...payload });
}

/** "A backup code was used to sign in", with how many are left: for auth.verify2fa. */
export function enqueueBackupCodeUsedMail(
  queue: MailQueue,
  payload: Omit<MailPayload<'backup-code-used'>, 'at'> & { at?: string },
): Promise<void> {
  return enqueueSecurityNotice(queue, 'backup-code-used', { at: new Date().toISOString(), ...payload });
}
