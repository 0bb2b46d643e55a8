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
