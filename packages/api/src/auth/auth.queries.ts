import type { Executor, PasswordTokenPurpose, UserRow } from '@praxis/db';
import { sql } from 'kysely';

export const MAX_CODE_ATTEMPTS = 5;

/** A challenge that can still take a code: unconsumed, unexpired, fewer than 5 wrong tries. */
export function findLiveChallenge(db: Executor, id: string, now = new Date()) {
  return db
    .selectFrom('twoFactorChallenges')
    .selectAll()
    .where('id', '=', id)
    .where('consumedAt', 'is', null)
    .where('expiresAt', '>', now)
    .where('attempts', '<', MAX_CODE_ATTEMPTS)
    .executeTakeFirst();
}

/** Consumes the challenge if still live; returns its user id, or undefined when it lost the race. */
export async function consumeChallenge(db: Executor, id: string, now = new Date()) {
  const row = await db
    .updateTable('twoFactorChallenges')
    .set({ consumedAt: now })
    .where('id', '=', id)
    .where('consumedAt', 'is', null)
    .where('expiresAt', '>', now)
    .where('attempts', '<', MAX_CODE_ATTEMPTS)
    .returning('userId')
    .executeTakeFirst();
  return row?.userId;
}

/** Counts one wrong code; returns the attempts made so far. */
export async function countWrongCode(db: Executor, id: string): Promise<number> {
  const row = await db
    .updateTable('twoFactorChallenges')
    .set({ attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts ?? MAX_CODE_ATTEMPTS;
}

/**
 * The value that records a proven email address: now the first time, the first proof kept after.
 * Set in the same update (and transaction) that completes the mailed link or code.
 */
export function emailConfirmedNow(now: Date) {
  return sql<Date>`coalesce(email_confirmed_at, ${now})`;
}

/** Kills every unused token of the user (of any purpose): only the newest link works. */
export async function retirePasswordTokens(db: Executor, userId: string, now = new Date()) {
  await db
    .updateTable('passwordResetTokens')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .execute();
}

export function insertPasswordToken(
  db: Executor,
  values: { userId: string; tokenHash: string; purpose: PasswordTokenPurpose; expiresAt: Date },
) {
  return db.insertInto('passwordResetTokens').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findUsablePasswordToken(db: Executor, tokenHash: string, now = new Date()) {
  return db
    .selectFrom('passwordResetTokens')
    .innerJoin('users', 'users.id', 'passwordResetTokens.userId')
    .select([
      'passwordResetTokens.id',
      'passwordResetTokens.userId',
      'passwordResetTokens.purpose',
      'users.email',
      'users.firstName',
      'users.lastName',
    ])
    .where('passwordResetTokens.tokenHash', '=', tokenHash)
    .where('passwordResetTokens.usedAt', 'is', null)
    .where('passwordResetTokens.expiresAt', '>', now)
    .executeTakeFirst();
}

/** Marks the token used if it still is usable; false when another request used it first. */
export async function usePasswordToken(db: Executor, id: string, now = new Date()): Promise<boolean> {
  const row = await db
    .updateTable('passwordResetTokens')
    .set({ usedAt: now })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

/** A user's live sessions, as clients may see them: never the token or its hash. */
export async function listSessionViews(db: Executor, userId: string, currentPublicId: string | null) {
  const rows = await listActiveSessions(db, userId);
  return rows.map(({ publicId, impersonatorId, impersonatorEmail, ...row }) => ({
    id: publicId,
    ...row,
    current: publicId === currentPublicId,
    // An impersonation session names who opened it, so the user sees it on their own list.
    impersonatedBy:
      impersonatorId && impersonatorEmail ? { id: impersonatorId, email: impersonatorEmail } : null,
  }));
}

export function listActiveSessions(db: Executor, userId: string, now = new Date()) {
  return db
    .selectFrom('sessions')
    .leftJoin('users as impersonator', 'impersonator.id', 'sessions.impersonatorId')
    .select([
      'sessions.publicId',
      'sessions.createdAt',
      'sessions.lastSeenAt',
      'sessions.expiresAt',
      'sessions.ip',
      'sessions.userAgent',
      'sessions.impersonatorId',
      'impersonator.email as impersonatorEmail',
    ])
    .where('sessions.userId', '=', userId)
    .where('sessions.expiresAt', '>', now)
    .orderBy('sessions.lastSeenAt', 'desc')
    .execute();
}

export async function deleteSessionByPublicId(
  db: Executor,
  userId: string,
  publicId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .where('publicId', '=', publicId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface SignInCandidate {
  user: UserRow;
  organization: { id: string; name: string; status: 'active' | 'inactive'; archivedAt: Date | null } | null;
}

/** The user and their organisation in one round trip, by email or id: what sign-in decides on. */
export async function findSignInCandidate(
  db: Executor,
  by: { email: string } | { id: string },
): Promise<SignInCandidate | undefined> {
  const row = await db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .selectAll('users')
    .select([
      'organizations.name as orgName',
      'organizations.status as orgStatus',
      'organizations.archivedAt as orgArchivedAt',
    ])
    .where((eb) =>
      'email' in by ? eb('users.email', '=', by.email.toLowerCase()) : eb('users.id', '=', by.id),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const { orgName, orgStatus, orgArchivedAt, ...user } = row;
  const organization =
    user.organizationId && orgName !== null && orgStatus !== null
      ? { id: user.organizationId, name: orgName, status: orgStatus, archivedAt: orgArchivedAt }
      : null;
  return { user, organization };
}
