import { type Executor, type NewUser, textArray, type UserUpdate } from '@praxis/db';

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
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
