import type { Db, Executor, UserRow } from '@praxis/db';
import { generateIdFromEntropySize, Lucia, TimeSpan } from 'lucia';
import { type AccessBlock, accessBlock } from './account-access';
import { sha256Hex } from './secrets';
import {
  createKyselySessionAdapter,
  type SessionAttributes,
  type SessionUserAttributes,
} from './session-adapter';

export const SESSION_COOKIE = 'session';
/** Holds the impersonator's own session token in a browser while it runs an impersonation. */
export const IMPERSONATOR_COOKIE = 'session_impersonator';
const IMPERSONATOR_COOKIE_MAX_AGE_S = 12 * 3600;
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
  /** Set on an impersonation session: the admin or support user who opened it, and why. */
  impersonatorId: string | null;
  impersonationReason: string | null;
  /** The impersonator as the policy sees them now (null on a session of one's own). */
  impersonator: { id: string; roles: UserRow['roles']; organizationId: string | null } | null;
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
      // An impersonation session never slides (the adapter refuses to store a later expiry), and
      // ends as soon as its impersonator could not sign in themselves.
      const impersonated = session.impersonatorId !== null;
      const impersonator = session.impersonatorId
        ? await findImpersonator(db, session.impersonatorId, now)
        : null;
      if (impersonated && !impersonator) {
        await lucia.invalidateSession(token);
        return null;
      }
      const fresh = session.fresh && !impersonated;
      if (!fresh && now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
        await db
          .updateTable('sessions')
          .set({ lastSeenAt: now })
          .where('id', '=', sha256Hex(token))
          .execute();
      }
      return {
        token,
        publicId: session.publicId,
        expiresAt: impersonated ? session.storedExpiresAt : session.expiresAt,
        impersonatorId: session.impersonatorId,
        impersonationReason: session.impersonationReason,
        impersonator,
        user: user.user,
        organization: user.organization,
        totpEnabled: user.totpEnabled,
        refreshedCookie: fresh ? lucia.createSessionCookie(token).serialize() : null,
      };
    },

    invalidate: (token: string) => lucia.invalidateSession(token),

    /**
     * Opens an impersonation session of `userId` for `impersonatorId`, in `db` (the caller's
     * transaction), ending at `expiresAt` whatever the activity.
     */
    async createImpersonation(
      tx: Executor,
      values: { userId: string; impersonatorId: string; reason: string; expiresAt: Date } & RequestMeta,
    ) {
      const token = generateIdFromEntropySize(25);
      const row = await tx
        .insertInto('sessions')
        .values({
          id: sha256Hex(token),
          userId: values.userId,
          expiresAt: values.expiresAt,
          ip: values.ip,
          userAgent: values.userAgent,
          impersonatorId: values.impersonatorId,
          impersonationReason: values.reason,
        })
        .returning('publicId')
        .executeTakeFirstOrThrow();
      return {
        token,
        publicId: row.publicId,
        expiresAt: values.expiresAt,
        cookie: lucia.createSessionCookie(token).serialize(),
      };
    },

    /** The Set-Cookie value that makes `token` the browser's session. */
    cookie: (token: string) => lucia.createSessionCookie(token).serialize(),

    /** The session token from the `session` cookie, else from `Authorization: Bearer`. */
    readToken(headers: { cookie?: string | null | undefined; authorization?: string | null | undefined }) {
      const fromCookie = headers.cookie ? lucia.readSessionCookie(headers.cookie) : null;
      if (fromCookie) return { token: fromCookie, via: 'cookie' as const };
      const fromBearer = headers.authorization ? lucia.readBearerToken(headers.authorization) : null;
      return fromBearer ? { token: fromBearer, via: 'bearer' as const } : null;
    },

    blankCookie: () => lucia.createBlankSessionCookie().serialize(),

    /** Set-Cookie for the impersonator's own token (null: clear it); HttpOnly like the session's. */
    impersonatorCookie(token: string | null) {
      const attributes = `Path=/; HttpOnly; SameSite=Lax${secureCookies ? '; Secure' : ''}`;
      const maxAge = token ? IMPERSONATOR_COOKIE_MAX_AGE_S : 0;
      return `${IMPERSONATOR_COOKIE}=${token ?? ''}; Max-Age=${maxAge}; ${attributes}`;
    },

    readImpersonatorCookie(cookieHeader: string | null): string | null {
      for (const part of cookieHeader?.split(';') ?? []) {
        const [name, ...value] = part.trim().split('=');
        if (name === IMPERSONATOR_COOKIE) return value.join('=') || null;
      }
      return null;
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
export type { AccessBlock };

/** The impersonator's roles and organisation, or null when they could not sign in now. */
async function findImpersonator(db: Executor, id: string, now: Date) {
  const row = await db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .select([
      'users.id',
      'users.roles',
      'users.organizationId',
      'users.status',
      'users.archivedAt',
      'users.suspendedUntil',
      'users.effectiveDate',
      'organizations.status as orgStatus',
      'organizations.archivedAt as orgArchivedAt',
    ])
    .where('users.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const organization = row.orgStatus ? { status: row.orgStatus, archivedAt: row.orgArchivedAt } : null;
  if (accessBlock(row, organization, now)) return null;
  return { id: row.id, roles: row.roles, organizationId: row.organizationId };
}

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
