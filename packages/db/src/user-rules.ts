import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from 'kysely';
import type { Database } from './schema';
import type { Organization } from './schema/organizations';
import type { UserRow, UserStatus } from './schema/users';
import { textArray } from './sql-helpers';

// The state rules of a user, each written once in TypeScript (for a row already loaded) and once
// as a Kysely expression over `users` (for lists and counts), side by side so they change
// together; user-rules.test.ts checks on Postgres and PGlite that both agree on every combination
// of status, suspension, archive, effective date and organisation state. Every SQL form is two-valued (never
// NULL), so `not (…)` is exactly the complement.

export type UserStateFields = Pick<UserRow, 'status' | 'archivedAt' | 'suspendedUntil' | 'effectiveDate'>;
/** The user's organisation; null or undefined when they belong to none. */
export type OrganizationStateFields = Pick<Organization, 'status' | 'archivedAt'> | null | undefined;
export type UsersExpressionBuilder = ExpressionBuilder<Database, 'users'>;
/** A condition on a `users` row, for `where`, `filter (where …)` or a select (`.as(…)`). */
export type UserCondition = ExpressionWrapper<Database, 'users', SqlBool>;

/** Suspended, and the suspension has no end or ends in the future. */
export function isSuspensionInForce(user: UserStateFields, now = new Date()): boolean {
  return user.status === 'suspended' && !isSuspensionLapsed(user, now);
}

export function suspensionInForceSql(eb: UsersExpressionBuilder, now: Date): UserCondition {
  return eb.and([
    eb('users.status', '=', 'suspended'),
    eb.or([eb('users.suspendedUntil', 'is', null), eb('users.suspendedUntil', '>', now)]),
  ]);
}

/** Suspended with an end that has passed: active again without any job having to run. */
export function isSuspensionLapsed(user: UserStateFields, now = new Date()): boolean {
  return user.status === 'suspended' && user.suspendedUntil !== null && user.suspendedUntil <= now;
}

export function suspensionLapsedSql(eb: UsersExpressionBuilder, now: Date): UserCondition {
  return eb.and([
    eb('users.status', '=', 'suspended'),
    eb('users.suspendedUntil', 'is not', null),
    eb('users.suspendedUntil', '<=', now),
  ]);
}

/**
 * The account's own status is active: status active or a lapsed suspension (what the User shape
 * shows as `status: 'active'`). Says nothing about archive or organisation.
 */
export function hasActiveStatus(user: UserStateFields, now = new Date()): boolean {
  return user.status === 'active' || isSuspensionLapsed(user, now);
}

export function activeStatusSql(eb: UsersExpressionBuilder, now: Date): UserCondition {
  return eb.or([eb('users.status', '=', 'active'), suspensionLapsedSql(eb, now)]);
}

/** The status the User shape shows: a lapsed suspension shows as active. */
export function shownStatus(user: UserStateFields, now = new Date()): UserStatus {
  return isSuspensionLapsed(user, now) ? 'active' : user.status;
}

/** The User shape shows `status` (how users.list filters by status). */
export function hasStatus(user: UserStateFields, status: UserStatus, now = new Date()): boolean {
  return shownStatus(user, now) === status;
}

export function hasStatusSql(eb: UsersExpressionBuilder, status: UserStatus, now: Date): UserCondition {
  if (status === 'active') return activeStatusSql(eb, now);
  if (status === 'suspended') return suspensionInForceSql(eb, now);
  return eb('users.status', '=', status);
}

/** The UTC calendar date of an instant, as YYYY-MM-DD: how `effective_date` is compared. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The account's effective date (a UTC calendar date) is still to come: it may not sign in before
 * it. Null means effective from the start. ISO dates compare correctly as strings.
 */
export function isNotYetEffective(user: Pick<UserRow, 'effectiveDate'>, now = new Date()): boolean {
  return user.effectiveDate !== null && user.effectiveDate > utcDate(now);
}

/** The complement of isNotYetEffective: no effective date, or one on or before today (UTC). */
export function effectiveDateReachedSql(eb: UsersExpressionBuilder, now: Date): UserCondition {
  return eb.or([
    eb('users.effectiveDate', 'is', null),
    eb('users.effectiveDate', '<=', sql<string>`cast(${utcDate(now)} as date)`),
  ]);
}

/** The organisation lets its members in: none at all, or one that is active and not archived. */
export function isOrganizationActive(organization: OrganizationStateFields): boolean {
  return !organization || (organization.status === 'active' && organization.archivedAt === null);
}

/**
 * The user's organisation (by `users.organization_id`) is active. Written as NOT IN over the few
 * blocked organisations, an uncorrelated subquery that Postgres runs once and probes as a hash per
 * row, whether the rule is used as it is, negated or inside an OR (a correlated EXISTS there would
 * be run again for every user).
 */
export function organizationActiveSql(eb: UsersExpressionBuilder): UserCondition {
  return eb.or([
    eb('users.organizationId', 'is', null),
    eb(
      'users.organizationId',
      'not in',
      eb
        .selectFrom('organizations')
        .select('organizations.id')
        .where((org) =>
          org.or([
            org('organizations.status', '!=', 'active'),
            org('organizations.archivedAt', 'is not', null),
          ]),
        ),
    ),
  ]);
}

/**
 * Effectively active, i.e. may sign in today: not archived, status active (or a lapsed
 * suspension), its effective date (if any) reached, and the organisation, if any, active and not
 * archived.
 */
export function isEffectivelyActive(
  user: UserStateFields,
  organization: OrganizationStateFields,
  now = new Date(),
): boolean {
  return (
    user.archivedAt === null &&
    hasActiveStatus(user, now) &&
    !isNotYetEffective(user, now) &&
    isOrganizationActive(organization)
  );
}

export function effectivelyActiveSql(eb: UsersExpressionBuilder, now: Date): UserCondition {
  return eb.and([
    eb('users.archivedAt', 'is', null),
    activeStatusSql(eb, now),
    effectiveDateReachedSql(eb, now),
    organizationActiveSql(eb),
  ]);
}

/** An admin who can act today; the last-admin rule protects the last one of these. */
export function isActiveAdmin(
  user: UserStateFields & Pick<UserRow, 'roles'>,
  organization: OrganizationStateFields,
  now = new Date(),
): boolean {
  return user.roles.includes('admin') && isEffectivelyActive(user, organization, now);
}

export function activeAdminSql(eb: UsersExpressionBuilder, now: Date): UserCondition {
  return eb.and([eb('users.roles', '@>', textArray(['admin'])), effectivelyActiveSql(eb, now)]);
}

/**
 * The user has a second factor: email codes (`email2faEnabled`) or a confirmed authenticator app
 * (a `totp_credentials` row with `enabled_at`; backup codes come with it). The one place that says
 * what counts as 2FA for enforced 2FA.
 */
export function hasTwoFactor(user: Pick<UserRow, 'email2faEnabled'>, totpEnabled: boolean): boolean {
  return user.email2faEnabled || totpEnabled;
}
