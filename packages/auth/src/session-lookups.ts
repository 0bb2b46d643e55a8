import { askedList, type Executor, perTurn, preparedStatement } from '@praxis/db';
import { sql } from 'kysely';

/** The session's, organisation's and authenticator's columns of a lookup row. */
const SESSION_COLUMNS = [
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

/** The names of a lookup row's columns that are not the user's (all the others are). */
export const NOT_USER_COLUMNS = [
  ...SESSION_COLUMNS.map((column) => column.split(' as ')[1] as string),
  'askedPlace',
];

// Every session asked for in one statement: a row per hash asked, with its place in the list.
// A prepared statement: planned once per connection.
const lookupSessions = preparedStatement((db: Executor) =>
  db
    .selectFrom(askedList<string>('(the SHA-256 of each token)', 'text'))
    .innerJoin('sessions', 'sessions.id', 'asked.value')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .leftJoin('totpCredentials', 'totpCredentials.userId', 'users.id')
    .selectAll('users')
    .select(SESSION_COLUMNS)
    .select(sql<number>`asked.place::int`.as('askedPlace')),
);

export type SessionLookupRow = Awaited<ReturnType<typeof lookupSessions>>[number];

/**
 * Looks sessions up by the SHA-256 of their token. Every signed-in request starts with one; the
 * requests of one turn of the event loop are looked up by one statement (`perTurn`). Each still
 * reads its own row, as it is when the statement runs.
 */
export function sessionLookups(db: Executor): (tokenHash: string) => Promise<SessionLookupRow | undefined> {
  return perTurn(async (tokenHashes: string[]) => {
    const rows = await lookupSessions(db, [tokenHashes]);
    const byPlace: (SessionLookupRow | undefined)[] = new Array(tokenHashes.length);
    for (const row of rows) byPlace[row.askedPlace - 1] = row;
    return byPlace;
  });
}
