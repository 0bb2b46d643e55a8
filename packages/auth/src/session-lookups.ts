import { type Executor, preparedStatement } from '@praxis/db';
import { sql } from 'kysely';

/** The session's, organisation's and authenticator's columns of a lookup row (the rest are the user's). */
export const SESSION_COLUMNS = [
  'sessions.expiresAt as sessionExpiresAt',
  'sessions.publicId as sessionPublicId',
  'sessions.createdAt as sessionCreatedAt',
  'sessions.lastSeenAt as sessionLastSeenAt',
  'sessions.ip as sessionIp',
  'sessions.userAgent as sessionUserAgent',
  'sessions.impersonatorId as sessionImpersonatorId',
  'sessions.impersonationReason as sessionImpersonationReason',
  'organizations.name as orgName',
  'organizations.status as orgStatus',
  'organizations.archivedAt as orgArchivedAt',
  'organizations.requireTwoFactor as orgRequireTwoFactor',
  'totpCredentials.enabledAt as totpEnabledAt',
] as const;

// Every session asked for in one statement: a row per hash asked (the same hash twice is read
// twice), numbered by its place in the list. A prepared statement, planned once per connection:
// the list is read through a sub-select so that Postgres cannot plan each list's length anew
// (with the list itself, it found every custom plan cheaper and planned on every call).
const lookupSessions = preparedStatement((db: Executor) =>
  db
    .selectFrom(
      sql<{
        tokenHash: string;
        place: number;
      }>`unnest((select ${'(the SHA-256 of each token)'}::text[])) with ordinality`.as<'asked'>(
        sql`asked(token_hash, place)`,
      ),
    )
    .innerJoin('sessions', 'sessions.id', 'asked.tokenHash')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .leftJoin('totpCredentials', 'totpCredentials.userId', 'users.id')
    .selectAll('users')
    .select(SESSION_COLUMNS)
    .select(sql<number>`asked.place::int`.as('askedPlace')),
);

export type SessionLookupRow = Awaited<ReturnType<typeof lookupSessions>>[number];

interface Waiting {
  tokenHash: string;
  resolve: (row: SessionLookupRow | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Looks sessions up by the SHA-256 of their token. Every signed-in request starts with one, and
 * the requests one turn of the event loop reads off its sockets are looked up by one statement
 * (sent when that turn's I/O is done): Postgres is woken, and its answer read, once for all of
 * them. Each request still reads its own row as it is now; nothing is kept between turns.
 */
export function sessionLookups(db: Executor) {
  let waiting: Waiting[] = [];
  const lookUpWaiting = async () => {
    const batch = waiting;
    waiting = [];
    try {
      const rows = await lookupSessions(db, [batch.map((one) => one.tokenHash)]);
      const byPlace: (SessionLookupRow | undefined)[] = new Array(batch.length);
      for (const row of rows) byPlace[row.askedPlace - 1] = row;
      for (let i = 0; i < batch.length; i++) batch[i]?.resolve(byPlace[i]);
    } catch (error) {
      for (const one of batch) one.reject(error);
    }
  };
  return (tokenHash: string) =>
    new Promise<SessionLookupRow | undefined>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(lookUpWaiting);
      waiting.push({ tokenHash, resolve, reject });
    });
}
