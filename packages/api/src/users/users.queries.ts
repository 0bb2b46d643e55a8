import { activeAdminSql, type Executor, type NewUser, textArray, type UserUpdate } from '@praxis/db';
import { sql } from 'kysely';
import type { OrganizationScope } from '../list-paging';

/** By address, through the unique index on lower(email) (`email = $1` scans the whole table). */
export function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrganizationSummary(db: Executor, id: string | null) {
  if (!id) return Promise.resolve(null);
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'status', 'archivedAt'])
    .where('id', '=', id)
    .executeTakeFirst()
    .then((org) => org ?? null);
}

export function insertUser(db: Executor, values: NewUser) {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateUserRow(db: Executor, id: string, patch: UserUpdate) {
  return db
    .updateTable('users')
    .set({ ...patch, updatedAt: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function adminExists(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('roles', '@>', textArray(['admin']))
    .where('archivedAt', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** Organisations (id, name) within a list scope, by name. */
export function listOrganizationsInScope(db: Executor, scope: OrganizationScope) {
  if (!scope.all && scope.organizationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .$if(!scope.all, (qb) => qb.where('id', 'in', scope.all ? [] : scope.organizationIds))
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The row, locked until the transaction ends, so a rule checked on it still holds at the write. */
export function lockUserById(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Active admins (`activeAdminSql`: an admin of a deactivated or archived organisation is none)
 * other than `exceptId`, counted under a transaction-scoped advisory lock so two
 * admins removing each other at once cannot both pass the last-admin rule.
 */
export async function countOtherActiveAdmins(
  db: Executor,
  exceptId: string,
  now = new Date(),
): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('praxis:active-admins'))`.execute(db);
  const { total } = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('total'))
    .where('users.id', '!=', exceptId)
    .where((eb) => activeAdminSql(eb, now))
    .executeTakeFirstOrThrow();
  return total;
}

export function deleteUserRow(db: Executor, id: string) {
  return db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
}
