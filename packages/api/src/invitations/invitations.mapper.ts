import type { InvitationRow, InvitationStatus } from '@praxis/db';

export function invitationStatus(
  row: Pick<InvitationRow, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now = new Date(),
): InvitationStatus {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

/**
 * The Invitation shape of the contract, plus `mailStatus`: `not_sent` when the current link's mail
 * could not be queued (the admin resends it). Never the token or its hash.
 */
export function toInvitation(row: InvitationRow, now = new Date()) {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    roles: row.roles,
    organizationId: row.organizationId,
    status: invitationStatus(row, now),
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt,
    acceptedAt: row.acceptedAt,
    revokedAt: row.revokedAt,
    mailStatus: row.mailQueuedAt ? ('queued' as const) : ('not_sent' as const),
    lastSentAt: row.mailQueuedAt,
    createdAt: row.createdAt,
  };
}

export type Invitation = ReturnType<typeof toInvitation>;
