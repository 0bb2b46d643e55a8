import type { InvitationRow } from '@praxis/db';
import { enqueueMail, MailQueueUnavailableError } from '@praxis/jobs';
import { AppError } from '../errors';
import type { AuthedContext } from '../trpc';
import { markMailQueued } from './invitations.queries';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// The mail job's schema caps display names at 300 characters.
const displayName = (...parts: Array<string | null | undefined>) =>
  parts.filter(Boolean).join(' ').trim().slice(0, 300);

/**
 * Queues the mail carrying `token` and records that it was queued. When the queue is down the
 * invitation stays as it is, listed with `mailStatus: 'not_sent'`, and the caller hears
 * SERVICE_UNAVAILABLE: a resend (or the same create again) sends it.
 */
export async function sendInvitationMail(
  ctx: AuthedContext,
  invitation: InvitationRow,
  token: string,
  organizationName: string | null,
): Promise<InvitationRow> {
  const inviter = ctx.session.user;
  try {
    await enqueueMail(
      ctx.mailQueue,
      'invitation',
      {
        to: invitation.email,
        name: displayName(invitation.firstName, invitation.lastName),
        token,
        expiresAt: invitation.expiresAt.toISOString(),
        organizationName,
        inviterName: displayName(inviter.firstName, inviter.lastName) || inviter.email,
      },
      `${invitation.id}-${invitation.sendCount}`,
    );
  } catch (error) {
    if (!(error instanceof MailQueueUnavailableError)) throw error;
    ctx.logger.warn({ err: error, invitationId: invitation.id }, 'invitation mail could not be queued');
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'The invitation was saved, but its email could not be queued because the mail service is unavailable. ' +
        'It is listed as not sent: resend it shortly.',
      // Not the MailQueueUnavailableError itself: the generic mapping would replace this message.
      { cause: error.cause },
    );
  }
  return (await markMailQueued(ctx.db, invitation.id, invitation.sendCount)) ?? invitation;
}
