import type { Database, Executor, GroupUpdate, NewGroup } from '@praxis/db';
import { type ExpressionBuilder, sql } from 'kysely';
import { escapeLike, type OrganizationScope, type PageWindow } from '../list-paging';

const memberCount = (eb: ExpressionBuilder<Database, 'groups'>) =>
  eb
    .selectFrom('groupMembers')
    .select(sql<number>`count(*)::int`.as('count'))
    .whereRef('groupMembers.groupId', '=', 'groups.id')
    .$asScalar()
    .as('memberCount');

function selectGroups(db: Executor) {
  return db
    .selectFrom('groups')
    .selectAll('groups')
    .select((eb) => memberCount(eb));
}

export type GroupWithCount = NonNullable<Awaited<ReturnType<typeof findGroup>>>;

export function findGroup(db: Executor, id: string) {
  return selectGroups(db).where('groups.id', '=', id).executeTakeFirst();
}

export function listMembers(db: Executor, groupId: string) {
  return db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .select([
      'users.id',
      'users.email',
      'users.firstName',
      'users.lastName',
      'users.roles',
      'groupMembers.addedAt',
    ])
    .where('groupMembers.groupId', '=', groupId)
    .orderBy('users.lastName')
    .orderBy('users.firstName')
    .orderBy('users.id')
    .execute();
}

export interface GroupFilter {
  scope: OrganizationScope;
  organizationId?: string | undefined;
  search?: string | undefined;
}

/** Groups matching the filter, inside the caller's scope (no selection: count or page it). */
export function groupsMatching(db: Executor, filter: GroupFilter) {
  let query = db.selectFrom('groups');
  const { scope } = filter;
  if (!scope.all) {
    query = scope.organizationIds.length
      ? query.where('groups.organizationId', 'in', scope.organizationIds)
      : query.where(sql<boolean>`false`);
  }
  if (filter.organizationId) query = query.where('groups.organizationId', '=', filter.organizationId);
  if (filter.search) query = query.where('groups.name', 'ilike', `%${escapeLike(filter.search)}%`);
  return query;
}

/** A page by name, from `offset` or after the keyset position `after`. */
export function selectGroupPage(db: Executor, filter: GroupFilter, window: PageWindow) {
  let query = groupsMatching(db, filter);
  const { after } = window;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('groups.name', 'groups.id'), '>', eb.tuple(after.value, after.id)),
    );
  }
  return query
    .selectAll('groups')
    .select((eb) => memberCount(eb))
    .orderBy('groups.name')
    .orderBy('groups.id')
    .limit(window.limit)
    .offset(window.offset ?? 0)
    .execute();
}

export async function insertGroup(db: Executor, values: NewGroup) {
  const { id } = await db.insertInto('groups').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateGroup(db: Executor, id: string, patch: GroupUpdate) {
  await db
    .updateTable('groups')
    .set({ ...patch, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function deleteGroup(db: Executor, id: string) {
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

/**
 * The ids among `userIds` of users in the organisation, locked against a concurrent move to
 * another organisation until the transaction ends.
 */
export async function lockMembersOf(db: Executor, organizationId: string, userIds: readonly string[]) {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('id', 'in', userIds)
    .forShare()
    .execute();
  return new Set(rows.map((row) => row.id));
}

export async function addMembers(db: Executor, groupId: string, userIds: readonly string[]) {
  const rows = await db
    .insertInto('groupMembers')
    .values(userIds.map((userId) => ({ groupId, userId })))
    .onConflict((oc) => oc.columns(['groupId', 'userId']).doNothing())
    .returning('userId')
    .execute();
  return rows.map((row) => row.userId);
}

export async function removeMembers(db: Executor, groupId: string, userIds: readonly string[]) {
  const rows = await db
    .deleteFrom('groupMembers')
    .where('groupId', '=', groupId)
    .where('userId', 'in', userIds)
    .returning('userId')
    .execute();
  return rows.map((row) => row.userId);
}
