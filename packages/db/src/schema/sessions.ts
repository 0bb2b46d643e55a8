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
}

export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
