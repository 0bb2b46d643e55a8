import type { INVITATION_STATUS_VALUES } from '@praxis/validators';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { NullableTimestamp } from './organizations';
import type { Role } from './users';

/** Computed from the row's timestamps and the clock, never stored (expiry needs no job). */
export type InvitationStatus = (typeof INVITATION_STATUS_VALUES)[number];

export interface InvitationsTable {
  id: Generated<string>;
  /** Stored lower-cased. */
  email: string;
  firstName: string | null;
  lastName: string | null;
  roles: Role[];
  organizationId: string | null;
  /** SHA-256 (hex) of the emailed token; replaced on resend, so the previous link dies. */
  tokenHash: string;
  invitedBy: string | null;
  expiresAt: Date;
  acceptedAt: NullableTimestamp;
  acceptedUserId: string | null;
  revokedAt: NullableTimestamp;
  /** When the current token's mail was handed to the queue; null: not (yet) queued. */
  mailQueuedAt: NullableTimestamp;
  /** How many tokens have been issued (1 on create, +1 per resend); part of the mail job id. */
  sendCount: ColumnType<number, number | undefined, number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export type InvitationRow = Selectable<InvitationsTable>;
export type NewInvitation = Insertable<InvitationsTable>;
export type InvitationUpdate = Updateable<InvitationsTable>;
