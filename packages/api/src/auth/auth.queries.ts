import { type Executor, namedPreparedStatement, type PasswordTokenPurpose, type UserRow } from '@praxis/db';
import { sql } from 'kysely';
import { unusedBackupCodesOfUser } from './auth.two-factor.queries';

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

/**
 * What a sign-in decides on besides the account, read in the same statement: its second factors,
 * and the devices it signed in from (the steps after the password check asked one by one, at
 * two more round trips and two statements planned each time).
 */
export interface SignInFacts {
  totpEnabled: boolean;
  /** Unused backup codes. */
  backupCodesLeft: number;
  /** Devices the account has signed in from, and whether the asking device is one of them. */
  devices: number;
  thisDevice: boolean;
}

export interface SignInCandidate {
  user: UserRow;
  organization: { id: string; name: string; status: 'active' | 'inactive'; archivedAt: Date | null } | null;
  facts: SignInFacts;
}

/**
 * The sign-in lookup by lower-cased email or by id (`value`), with the facts of the device
 * `fingerprint` (null: none asks).
 */
export const signInCandidateQuery = (
  db: Executor,
  by: 'email' | 'id',
  v: { value: never; fingerprint: never },
) =>
  db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .leftJoin('totpCredentials', 'totpCredentials.userId', 'users.id')
    .selectAll('users')
    .select((eb) => [
      'organizations.name as orgName',
      'organizations.status as orgStatus',
      'organizations.archivedAt as orgArchivedAt',
      'totpCredentials.enabledAt as totpEnabledAt',
      unusedBackupCodesOfUser(db).as('backupCodesLeft'),
      eb
        .selectFrom('knownDevices')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('knownDevices.userId', '=', 'users.id')
        .as('devices'),
      eb
        .exists(
          eb
            .selectFrom('knownDevices')
            .select('knownDevices.userId')
            .whereRef('knownDevices.userId', '=', 'users.id')
            .where('knownDevices.fingerprint', '=', v.fingerprint),
        )
        .as('thisDevice'),
    ])
    // lower(email), as the unique index has it (emails are stored lower-cased): `email = $1`
    // cannot use that index and scanned the whole table (130 ms at 100,000 users).
    .where(by === 'email' ? sql<string>`lower(users.email)` : sql<string>`users.id`, '=', v.value);
const CANDIDATE_VALUES = ['value', 'fingerprint'] as const;
const candidateByEmail = namedPreparedStatement(CANDIDATE_VALUES, (db, v) =>
  signInCandidateQuery(db, 'email', v),
);
const candidateById = namedPreparedStatement(CANDIDATE_VALUES, (db, v) => signInCandidateQuery(db, 'id', v));

/**
 * The user, their organisation and the sign-in's facts (for the device `fingerprint`, when one
 * signs in) in one round trip, by email or id: what sign-in decides on.
 */
export async function findSignInCandidate(
  db: Executor,
  by: { email: string } | { id: string },
  fingerprint: string | null = null,
): Promise<SignInCandidate | undefined> {
  const [row] =
    'email' in by
      ? await candidateByEmail(db, { value: by.email.toLowerCase(), fingerprint })
      : await candidateById(db, { value: by.id, fingerprint });
  if (!row) return undefined;
  return splitCandidate(row);
}

function splitCandidate(row: Awaited<ReturnType<typeof candidateByEmail>>[number]): SignInCandidate {
  const { orgName, orgStatus, orgArchivedAt, totpEnabledAt, backupCodesLeft, devices, thisDevice, ...user } =
    row;
  const organization =
    user.organizationId && orgName !== null && orgStatus !== null
      ? { id: user.organizationId, name: orgName, status: orgStatus, archivedAt: orgArchivedAt }
      : null;
  const facts = {
    totpEnabled: totpEnabledAt !== null,
    backupCodesLeft: backupCodesLeft ?? 0,
    devices: devices ?? 0,
    thisDevice: thisDevice === true,
  };
  return { user, organization, facts };
}

const SIGN_IN_VALUES = [
  'userId',
  'now',
  'action',
  'metadata',
  'ip',
  'sessionId',
  'expiresAt',
  'userAgent',
  'fingerprint',
] as const;

const signInStatement = (confirmsEmail: boolean) =>
  namedPreparedStatement(SIGN_IN_VALUES, (db, v) =>
    db
      .with('signedIn', (qb) =>
        qb
          .updateTable('users')
          .set(
            confirmsEmail
              ? { lastLoginAt: v.now, emailConfirmedAt: emailConfirmedNow(v.now) }
              : { lastLoginAt: v.now },
          )
          .where('id', '=', v.userId)
          .returningAll(),
      )
      .with('session', (qb) =>
        qb
          .insertInto('sessions')
          .columns(['id', 'userId', 'expiresAt', 'ip', 'userAgent'])
          .expression((eb) =>
            eb
              .selectFrom('signedIn')
              .select([
                eb.val<string>(v.sessionId).as('id'),
                'signedIn.id as userId',
                eb.cast<Date>(eb.val(v.expiresAt), 'timestamptz').as('expiresAt'),
                eb.val<string | null>(v.ip).as('ip'),
                eb.val<string | null>(v.userAgent).as('userAgent'),
              ]),
          ),
      )
      .with('audit', (qb) =>
        qb
          .insertInto('auditEvents')
          .columns(['actorId', 'action', 'targetType', 'targetId', 'organizationId', 'ip', 'metadata'])
          .expression((eb) =>
            eb
              .selectFrom('signedIn')
              .select([
                'signedIn.id as actorId',
                eb.val<string>(v.action).as('action'),
                sql<string>`'user'`.as('targetType'),
                'signedIn.id as targetId',
                'signedIn.organizationId',
                eb.val<string | null>(v.ip).as('ip'),
                eb.cast<string>(eb.val(v.metadata), 'jsonb').as('metadata'),
              ]),
          ),
      )
      // The device (user agent + network) this sign-in came from, remembered or refreshed.
      .with('device', (qb) =>
        qb
          .insertInto('knownDevices')
          .columns(['userId', 'fingerprint', 'firstSeenAt', 'lastSeenAt'])
          .expression((eb) =>
            eb
              .selectFrom('signedIn')
              .select([
                'signedIn.id as userId',
                eb.val<string>(v.fingerprint).as('fingerprint'),
                eb.cast<Date>(eb.val(v.now), 'timestamptz').as('firstSeenAt'),
                eb.cast<Date>(eb.val(v.now), 'timestamptz').as('lastSeenAt'),
              ]),
          )
          .onConflict((oc) =>
            oc
              .columns(['userId', 'fingerprint'])
              .doUpdateSet((eb) => ({ lastSeenAt: eb.ref('excluded.lastSeenAt') })),
          ),
      )
      .selectFrom('signedIn')
      .selectAll(),
  );
const signIn = signInStatement(false);
const signInConfirmingEmail = signInStatement(true);

/**
 * Records a successful sign-in in one statement (so one implicit transaction and one round
 * trip): sets `last_login_at` (and, with `confirmsEmail`, the first `email_confirmed_at`), stores
 * the session, appends the audit event and remembers the device. Returns the updated user, or undefined (and writes
 * nothing) when the user no longer exists.
 */
export async function recordSignIn(
  db: Executor,
  input: {
    userId: string;
    action: string;
    session: { id: string; expiresAt: Date; ip: string | null; userAgent: string | null };
    /** The audit event's metadata (e.g. the second factor used). */
    metadata?: Record<string, unknown>;
    /** deviceFingerprint of the request: remembered in known_devices. */
    fingerprint: string;
    confirmsEmail?: boolean;
    now?: Date;
  },
): Promise<UserRow | undefined> {
  const { session } = input;
  const [row] = await (input.confirmsEmail ? signInConfirmingEmail : signIn)(db, {
    userId: input.userId,
    now: input.now ?? new Date(),
    action: input.action,
    metadata: JSON.stringify(input.metadata ?? {}),
    ip: session.ip,
    sessionId: session.id,
    expiresAt: session.expiresAt,
    userAgent: session.userAgent,
    fingerprint: input.fingerprint,
  });
  return row;
}
