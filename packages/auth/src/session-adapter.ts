import { type Executor, type Organization, preparedStatement, type UserRow } from '@praxis/db';
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';
import { sha256Hex } from './secrets';

export interface SessionAttributes {
  publicId: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionUserAttributes {
  user: UserRow;
  organization: Pick<Organization, 'id' | 'name' | 'status' | 'archivedAt' | 'requireTwoFactor'> | null;
}

// Runs on every signed-in request, so it is a prepared statement: planned once per connection.
const lookupSession = preparedStatement((db: Executor) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .selectAll('users')
    .select([
      'sessions.expiresAt as sessionExpiresAt',
      'sessions.publicId as sessionPublicId',
      'sessions.createdAt as sessionCreatedAt',
      'sessions.lastSeenAt as sessionLastSeenAt',
      'sessions.ip as sessionIp',
      'sessions.userAgent as sessionUserAgent',
      'organizations.name as orgName',
      'organizations.status as orgStatus',
      'organizations.archivedAt as orgArchivedAt',
      'organizations.requireTwoFactor as orgRequireTwoFactor',
    ])
    .where('sessions.id', '=', '(the SHA-256 of the token)'),
);

/**
 * lucia's storage, keyed by SHA-256 of the session token: a leaked sessions table grants no
 * session. Lucia hands us the raw token; we hash it on every call.
 */
export function createKyselySessionAdapter(db: Executor): Adapter {
  return {
    async getSessionAndUser(token) {
      const [row] = await lookupSession(db, [sha256Hex(token)]);
      if (!row) return [null, null];
      const {
        sessionExpiresAt,
        sessionPublicId,
        sessionCreatedAt,
        sessionLastSeenAt,
        sessionIp,
        sessionUserAgent,
        orgName,
        orgStatus,
        orgArchivedAt,
        orgRequireTwoFactor,
        ...user
      } = row;
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
        attributes: { user, organization } satisfies SessionUserAttributes,
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
      await db
        .updateTable('sessions')
        .set({ expiresAt, lastSeenAt: new Date() })
        .where('id', '=', sha256Hex(token))
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
