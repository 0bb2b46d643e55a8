import type { Database, Executor, NewOrganization, OrganizationStatus, OrganizationUpdate } from '@praxis/db';
import { type ExpressionBuilder, sql } from 'kysely';
import { escapeLike, type OrganizationScope, type PageWindow } from '../list-paging';

/** Members are the organisation's users; archived (soft-deleted) users do not count. */
const memberCount = (eb: ExpressionBuilder<Database, 'organizations'>) =>
  eb
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('count'))
    .whereRef('users.organizationId', '=', 'organizations.id')
    .where('users.archivedAt', 'is', null)
    .$asScalar()
    .as('memberCount');

function selectOrganizations(db: Executor) {
  return db
    .selectFrom('organizations')
    .selectAll('organizations')
    .select((eb) => memberCount(eb));
}

export type OrganizationWithCount = NonNullable<Awaited<ReturnType<typeof findOrganization>>>;

export function findOrganization(db: Executor, id: string) {
  return selectOrganizations(db).where('organizations.id', '=', id).executeTakeFirst();
}

/** The organisation, locked until the transaction ends, so a lifecycle rule checked on it holds at the write. */
export function lockOrganization(db: Executor, id: string) {
  return selectOrganizations(db).where('organizations.id', '=', id).forUpdate().executeTakeFirst();
}

export interface OrganizationFilter {
  scope: OrganizationScope;
  search?: string | undefined;
  status?: OrganizationStatus | undefined;
  archived: boolean;
}

/** Organisations matching the filter, inside the caller's scope (no selection: count or page it). */
export function organizationsMatching(db: Executor, filter: OrganizationFilter) {
  let query = db.selectFrom('organizations');
  const { scope } = filter;
  if (!scope.all) {
    query = scope.organizationIds.length
      ? query.where('organizations.id', 'in', scope.organizationIds)
      : query.where(sql<boolean>`false`);
  }
  if (filter.search) query = query.where('organizations.name', 'ilike', `%${escapeLike(filter.search)}%`);
  if (filter.status) query = query.where('organizations.status', '=', filter.status);
  return query.where('organizations.archivedAt', filter.archived ? 'is not' : 'is', null);
}

/** A page by name, from `offset` or after the keyset position `after`. */
export function selectOrganizationPage(db: Executor, filter: OrganizationFilter, window: PageWindow) {
  let query = organizationsMatching(db, filter);
  const { after } = window;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('organizations.name', 'organizations.id'), '>', eb.tuple(after.value, after.id)),
    );
  }
  return query
    .selectAll('organizations')
    .select((eb) => memberCount(eb))
    .orderBy('organizations.name')
    .orderBy('organizations.id')
    .limit(window.limit)
    .offset(window.offset ?? 0)
    .execute();
}

/** Organisations (not archived) whose therapist is this user, inside the caller's scope. */
export function findOrganizationsByTherapist(
  db: Executor,
  therapistUserId: string,
  scope: OrganizationScope,
) {
  return organizationsMatching(db, { scope, archived: false })
    .where('organizations.therapistUserId', '=', therapistUserId)
    .selectAll('organizations')
    .select((eb) => memberCount(eb))
    .orderBy('organizations.name')
    .orderBy('organizations.id')
    .execute();
}

export async function insertOrganization(db: Executor, values: NewOrganization) {
  const { id } = await db
    .insertInto('organizations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateOrganization(db: Executor, id: string, patch: OrganizationUpdate) {
  await db
    .updateTable('organizations')
    .set({ ...patch, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}
