import { accessBlock, generateToken, sha256Hex } from '@praxis/auth';
import type { Executor, Organization, PasswordTokenPurpose, UserRow } from '@praxis/db';
import { enqueueMail, type MailQueue } from '@praxis/jobs';
import { insertPasswordToken, retirePasswordTokens } from './auth.queries';

export const PASSWORD_LINK_TTL_MS: Record<PasswordTokenPurpose, number> = {
  reset: 60 * 60 * 1000,
  // A new account's owner may not read mail within the hour; an admin can always send a new one.
  set_password: 72 * 60 * 60 * 1000,
};

export interface PasswordLinkAccount {
  user: Pick<
    UserRow,
    'id' | 'email' | 'firstName' | 'lastName' | 'status' | 'archivedAt' | 'suspendedUntil' | 'effectiveDate'
  >;
  organization: Pick<Organization, 'status' | 'archivedAt'> | null;
}

/**
 * Issues a single-use password link (older ones die) and queues its mail; returns false, having
 * done nothing, when the account could not sign in with it (accessBlock): a disabled, pending,
 * suspended, archived or not yet effective account, or one of an inactive organisation, gets no
 * link at all.
 * Run it inside the transaction of the write that asks for it: if the mail cannot be queued,
 * nothing is kept.
 */
export async function issuePasswordLink(
  db: Executor,
  mailQueue: MailQueue,
  { user, organization }: PasswordLinkAccount,
  purpose: PasswordTokenPurpose,
  now = new Date(),
): Promise<boolean> {
  if (accessBlock(user, organization, now)) return false;
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS[purpose]);
  await retirePasswordTokens(db, user.id, now);
  const { id } = await insertPasswordToken(db, {
    userId: user.id,
    tokenHash: sha256Hex(token),
    purpose,
    expiresAt,
  });
  const payload = {
    to: user.email,
    name: `${user.firstName} ${user.lastName}`.trim(),
    userId: user.id,
    token,
    expiresAt: expiresAt.toISOString(),
  };
  await enqueueMail(mailQueue, purpose === 'reset' ? 'password-reset' : 'set-password', payload, id);
  return true;
}
