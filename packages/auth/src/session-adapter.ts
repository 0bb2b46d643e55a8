import { type Executor, type Organization, omitting, type UserRow } from '@praxis/db';
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';
import { sha256Hex } from './secrets';
import { NOT_USER_COLUMNS, sessionLookups } from './session-lookups';

export interface SessionAttributes {
  publicId: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  /** An impersonation session: who opened it. Its expiry is fixed (never slides). */
  impersonatorId: string | null;
  impersonationReason: string | null;
  /** The expiry as stored, before lucia slides it (an impersonation session keeps this one). */
  storedExpiresAt: Date;
}

export interface SessionUserAttributes {
  user: UserRow;
  organization: Pick<Organization, 'id' | 'name' | 'status' | 'archivedAt' | 'requireTwoFactor'> | null;
  /** The user has a confirmed authenticator app (read here so that the 2FA gate costs no query). */
  totpEnabled: boolean;
}

/** The user's columns of a lookup row: all but the session's, organisation's and authenticator's. */
const userOf = omitting(NOT_USER_COLUMNS);

/**
 * lucia's storage, keyed by SHA-256 of the session token: a leaked sessions table grants no
 * session. Lucia hands us the raw token; we hash it on every call.
 */
export function createKyselySessionAdapter(db: Executor): Adapter {
  const lookUp = sessionLookups(db);
  return {
    async getSessionAndUser(token) {
      const row = await lookUp(sha256Hex(token));
      if (!row) return [null, null];
      const {
        sessionExpiresAt,
        sessionPublicId,
        sessionCreatedAt,
        sessionLastSeenAt,
        sessionIp,
        sessionUserAgent,
        sessionImpersonatorId,
        sessionImpersonationReason,
        orgName,
        orgStatus,
        orgArchivedAt,
        orgRequireTwoFactor,
        totpEnabledAt,
      } = row;
      const user = userOf(row) as UserRow;
      const session: DatabaseSession = {
        id: token,
        userId: user.id,
        expiresAt: sessionExpiresAt,
        attributes: {
          publicId: sessionPublicId,
          createdAt: sessionCreatedAt,
          lastSeenAt: sessionLastSeenAt,
          ip: sessionIp,
          userAgent: sessionUserAgent,
          impersonatorId: sessionImpersonatorId,
          impersonationReason: sessionImpersonationReason,
          storedExpiresAt: sessionExpiresAt,
        } satisfies SessionAttributes,
      };
      const organization =
        user.organizationId && orgName !== null && orgStatus !== null
          ? {
              id: user.organizationId,
              name: orgName,
              status: orgStatus,
              archivedAt: orgArchivedAt,
              requireTwoFactor: orgRequireTwoFactor ?? false,
            }
          : null;
      const databaseUser: DatabaseUser = {
        id: user.id,
        attributes: {
          user,
          organization,
          totpEnabled: totpEnabledAt !== null,
        } satisfies SessionUserAttributes,
      };
      return [session, databaseUser];
    },

    async getUserSessions(userId) {
      // Only hashes are stored, so the raw ids lucia would want do not exist; we never call this.
      void userId;
      return [];
    },

    async setSession(session) {
      const attributes = session.attributes as Partial<SessionAttributes>;
      await db
        .insertInto('sessions')
        .values({
          id: sha256Hex(session.id),
          userId: session.userId,
          expiresAt: session.expiresAt,
          ip: attributes.ip ?? null,
          userAgent: attributes.userAgent ?? null,
        })
        .execute();
    },

    async updateSessionExpiration(token, expiresAt) {
      // An impersonation session ends when it was given to end: activity never extends it.
      await db
        .updateTable('sessions')
        .set({ expiresAt, lastSeenAt: new Date() })
        .where('id', '=', sha256Hex(token))
        .where('impersonatorId', 'is', null)
        .execute();
    },

    async deleteSession(token) {
      await db.deleteFrom('sessions').where('id', '=', sha256Hex(token)).execute();
    },

    async deleteUserSessions(userId) {
      await db.deleteFrom('sessions').where('userId', '=', userId).execute();
    },

    async deleteExpiredSessions() {
      await db.deleteFrom('sessions').where('expiresAt', '<=', new Date()).execute();
    },
  };
}
