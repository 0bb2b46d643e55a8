import type { Db, Executor } from '@praxis/db';
import { generateIdFromEntropySize, Lucia, TimeSpan } from 'lucia';
import { type AccessBlock, accessBlock } from './account-access';
import { sha256Hex } from './secrets';
import {
  createKyselySessionAdapter,
  type SessionAttributes,
  type SessionUserAttributes,
} from './session-adapter';

export const SESSION_COOKIE = 'session';
const LAST_SEEN_RESOLUTION_MS = 60_000;

declare module 'lucia' {
  interface Register {
    Lucia: Lucia<SessionAttributes, SessionUserAttributes>;
    // What createSession accepts; the adapter fills the rest from the database.
    DatabaseSessionAttributes: Partial<SessionAttributes>;
    DatabaseUserAttributes: SessionUserAttributes;
  }
}

export interface SessionManagerOptions {
  db: Db;
  ttlHours: number;
  secureCookies: boolean;
}

export interface ValidSession extends SessionUserAttributes {
  token: string;
  publicId: string;
  expiresAt: Date;
  /** A Set-Cookie value when the expiry slid forward (cookie clients need the new expiry). */
  refreshedCookie: string | null;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  cookie: string;
  /** The sessions row to insert: only the SHA-256 of the token is stored. */
  row: { id: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null };
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** Sessions through lucia 3: sliding expiry, cookie or bearer, only SHA-256 of tokens stored. */
export function createSessionManager({ db, ttlHours, secureCookies }: SessionManagerOptions) {
  const sessionExpiresIn = new TimeSpan(Math.round(ttlHours * 60), 'm');
  const lucia = new Lucia<SessionAttributes, SessionUserAttributes>(createKyselySessionAdapter(db), {
    sessionExpiresIn,
    sessionCookie: { name: SESSION_COOKIE, attributes: { secure: secureCookies, sameSite: 'lax' } },
    getSessionAttributes: (attributes) => attributes as SessionAttributes,
    getUserAttributes: (attributes) => attributes,
  });

  /**
   * A new session as lucia's createSession makes it (token of 25 random bytes, expiry), not yet
   * stored: the caller inserts `row` in the same statement or transaction as the sign-in it records.
   */
  function issue(userId: string, meta: RequestMeta): IssuedSession {
    const token = generateIdFromEntropySize(25);
    const expiresAt = new Date(Date.now() + sessionExpiresIn.milliseconds());
    return {
      token,
      expiresAt,
      cookie: lucia.createSessionCookie(token).serialize(),
      row: { id: sha256Hex(token), userId, expiresAt, ip: meta.ip, userAgent: meta.userAgent },
    };
  }

  return {
    issue,

    /** Issues and stores a session on its own. */
    async create(userId: string, meta: RequestMeta) {
      const { row, ...session } = issue(userId, meta);
      await db.insertInto('sessions').values(row).execute();
      return session;
    },

    /** The session and its user, or null when unknown, expired, or the account may no longer sign in. */
    async validate(token: string, now = new Date()): Promise<ValidSession | null> {
      const { session, user } = await lucia.validateSession(token);
      if (!session) return null;
      if (accessBlock(user.user, user.organization, now)) {
        await lucia.invalidateSession(token);
        return null;
      }
      if (!session.fresh && now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
        await db
          .updateTable('sessions')
          .set({ lastSeenAt: now })
          .where('id', '=', sha256Hex(token))
          .execute();
      }
      return {
        token,
        publicId: session.publicId,
        expiresAt: session.expiresAt,
        user: user.user,
        organization: user.organization,
        refreshedCookie: session.fresh ? lucia.createSessionCookie(token).serialize() : null,
      };
    },

    invalidate: (token: string) => lucia.invalidateSession(token),

    /** The session token from the `session` cookie, else from `Authorization: Bearer`. */
    readToken(headers: { cookie?: string | null | undefined; authorization?: string | null | undefined }) {
      const fromCookie = headers.cookie ? lucia.readSessionCookie(headers.cookie) : null;
      if (fromCookie) return { token: fromCookie, via: 'cookie' as const };
      const fromBearer = headers.authorization ? lucia.readBearerToken(headers.authorization) : null;
      return fromBearer ? { token: fromBearer, via: 'bearer' as const } : null;
    },

    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
export type { AccessBlock };

/** Ends every session of a user, optionally keeping one; returns the public ids of those ended. */
export async function endUserSessions(db: Executor, userId: string, keepToken?: string): Promise<string[]> {
  let query = db.deleteFrom('sessions').where('userId', '=', userId);
  if (keepToken) query = query.where('id', '!=', sha256Hex(keepToken));
  const rows = await query.returning('publicId').execute();
  return rows.map((row) => row.publicId);
}

/** Ends the sessions of every member of an organisation; returns the public ids of those ended. */
export async function endOrganizationSessions(db: Executor, organizationId: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('sessions')
    .where('userId', 'in', (qb) =>
      qb.selectFrom('users').select('id').where('organizationId', '=', organizationId),
    )
    .returning('publicId')
    .execute();
  return rows.map((row) => row.publicId);
}
