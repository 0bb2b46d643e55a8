import { type Database, type Executor, effectivelyActiveSql } from '@praxis/db';
import { expressionBuilder, sql } from 'kysely';
import type { OrganizationScope } from '../list-paging';

const inScope = (scope: OrganizationScope) =>
  scope.all
    ? sql<boolean>`true`
    : sql<boolean>`organization_id = any(${sql.val(scope.organizationIds)}::uuid[])`;

export interface UserCounts {
  totalUsers: number;
  activeUsers: number;
  newUsersThisMonth: number;
  clinicalUsers: number;
  providerUsers: number;
}

/**
 * The user counts of the dashboard in one pass over the unarchived users in scope. "Active" is
 * the User shape's `isActive` (`effectivelyActiveSql`: a lapsed suspension counts, a member of a
 * deactivated or archived organisation does not).
 */
export async function countUsers(
  db: Executor,
  scope: OrganizationScope,
  monthStart: Date,
  now = new Date(),
): Promise<UserCounts> {
  const active = effectivelyActiveSql(expressionBuilder<Database, 'users'>(), now);
  const result = await sql<UserCounts>`
    select
      count(*)::int as total_users,
      count(*) filter (where ${active})::int as active_users,
      count(*) filter (where created_at >= ${monthStart})::int as new_users_this_month,
      count(*) filter (where clinical)::int as clinical_users,
      count(*) filter (where roles @> array['provider']::text[])::int as provider_users
    from users
    where archived_at is null and ${inScope(scope)}
  `.execute(db);
  return (
    result.rows[0] ?? {
      totalUsers: 0,
      activeUsers: 0,
      newUsersThisMonth: 0,
      clinicalUsers: 0,
      providerUsers: 0,
    }
  );
}

/** How many of the online users are unarchived users in scope (a primary-key lookup per id). */
export async function countOnline(
  db: Executor,
  scope: OrganizationScope,
  onlineIds: readonly string[],
): Promise<number> {
  if (onlineIds.length === 0) return 0;
  const result = await sql<{ online: number }>`
    select count(*)::int as online from users
    where id = any(${sql.val(onlineIds)}::uuid[]) and archived_at is null and ${inScope(scope)}
  `.execute(db);
  return result.rows[0]?.online ?? 0;
}

/** The latest audit events in scope (organisation-less events only for callers who see all). */
export function latestActivity(db: Executor, scope: OrganizationScope, limit: number) {
  return db
    .selectFrom('auditEvents')
    .select(['actorId', 'targetId', 'action', 'createdAt'])
    .$if(!scope.all, (qb) =>
      qb.where(
        sql<boolean>`organization_id = any(${sql.val(scope.all ? [] : scope.organizationIds)}::uuid[])`,
      ),
    )
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The audit actions of a completed sign-in, one per session started: a password sign-in without
 * 2FA, the code step of one with 2FA (its password step only sends the code), and an accepted
 * invitation, which signs the new user in.
 */
export const SIGN_IN_ACTIONS = ['auth.login', 'auth.2fa_verified', 'invitations.accept'] as const;

export interface ActivityDay {
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
  signIns: number;
  newUsers: number;
}

/**
 * Sign-ins and new (unarchived) users per UTC day, from `firstDay` for `days` days, in scope; a
 * day without events is there with zeros. One statement: each table is read once over the
 * window's time range (by its created_at indexes) and grouped by day, then joined to the days.
 */
export async function dailyActivity(
  db: Executor,
  scope: OrganizationScope,
  firstDay: Date,
  days: number,
): Promise<ActivityDay[]> {
  const from = firstDay;
  const to = new Date(firstDay.getTime() + days * 86_400_000);
  const utcDay = sql`(created_at at time zone 'UTC')::date`;
  const result = await sql<ActivityDay>`
    with sign_ins as (
      select ${utcDay} as day, count(*)::int as n from audit_events
      where action = any(${sql.val([...SIGN_IN_ACTIONS])}::text[])
        and created_at >= ${from} and created_at < ${to} and ${inScope(scope)}
      group by 1
    ), new_users as (
      select ${utcDay} as day, count(*)::int as n from users
      where archived_at is null and created_at >= ${from} and created_at < ${to} and ${inScope(scope)}
      group by 1
    ), days as (
      select (${from.toISOString().slice(0, 10)}::date + offset_days) as day
      from generate_series(0, ${days - 1}::int) as offset_days
    )
    select to_char(days.day, 'YYYY-MM-DD') as date,
      coalesce(sign_ins.n, 0)::int as sign_ins,
      coalesce(new_users.n, 0)::int as new_users
    from days
    left join sign_ins on sign_ins.day = days.day
    left join new_users on new_users.day = days.day
    order by days.day
  `.execute(db);
  return result.rows;
}
