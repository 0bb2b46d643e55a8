import type { Generated, Insertable, Selectable } from 'kysely';

export interface SessionsTable {
  /** SHA-256 (hex) of the session token; the token itself is never stored. */
  id: string;
  /** The id clients see (auth.sessions, revokeSession). */
  publicId: Generated<string>;
  userId: string;
  expiresAt: Date;
  createdAt: Generated<Date>;
  lastSeenAt: Generated<Date>;
  ip: string | null;
  userAgent: string | null;
  /** Set on an impersonation session: the admin or support user who opened it. */
  impersonatorId: Generated<string | null>;
  impersonationReason: Generated<string | null>;
}

export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;

/** Devices a user has signed in from: SHA-256 of user agent and IP prefix (/24, /48). */
export interface KnownDevicesTable {
  userId: string;
  fingerprint: string;
  firstSeenAt: Generated<Date>;
  lastSeenAt: Generated<Date>;
}
