import type { Executor, NewPatient, PatientUpdate, UserPatient } from '@praxis/db';
import { sql } from 'kysely';
import { escapeLike, type OrganizationScope, type PageWindow } from '../list-paging';

export function findPatient(db: Executor, id: string) {
  return db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Parent ids of several patients in one query (a page, or one patient), by patient id. */
export async function parentIdsByPatient(db: Executor, patientIds: readonly string[]) {
  const byPatient = new Map<string, string[]>();
  if (patientIds.length === 0) return byPatient;
  const rows = await db
    .selectFrom('patientParents')
    .select(['patientId', 'userId'])
    .where('patientId', 'in', patientIds)
    .orderBy('linkedAt')
    .orderBy('userId')
    .execute();
  for (const row of rows) byPatient.set(row.patientId, [...(byPatient.get(row.patientId) ?? []), row.userId]);
  return byPatient;
}

/** Is the user linked to the patient as a parent? */
export async function isParentOf(db: Executor, userId: string, patientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('patientParents')
    .select('userId')
    .where('patientId', '=', patientId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertPatient(db: Executor, values: NewPatient): Promise<string> {
  const row = await db.insertInto('patients').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePatient(db: Executor, id: string, patch: PatientUpdate) {
  await db
    .updateTable('patients')
    .set({ ...patch, updatedAt: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Locks the user row (a concurrent move to another organisation waits) and reads what linking needs. */
export function lockUserForLink(db: Executor, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'organizationId', 'roles', 'archivedAt'])
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

/** Links a parent; false when already linked. */
export async function linkParent(db: Executor, patientId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insertInto('patientParents')
    .values({ patientId, userId })
    .onConflict((oc) => oc.doNothing())
    .returning('userId')
    .execute();
  return rows.length > 0;
}

/** Unlinks a parent; false when they were not linked. */
export async function unlinkParent(db: Executor, patientId: string, userId: string): Promise<boolean> {
  const rows = await db
    .deleteFrom('patientParents')
    .where('patientId', '=', patientId)
    .where('userId', '=', userId)
    .returning('userId')
    .execute();
  return rows.length > 0;
}

export interface PatientFilter {
  scope: OrganizationScope;
  /** A parent reading their own patients: only those linked to this user. */
  parentId?: string | undefined;
  organizationId?: string | undefined;
  search?: string | undefined;
  active?: boolean | undefined;
  archived: boolean;
}

/** Patients matching the filter, inside the caller's scope (no selection: count or page it). */
export function patientsMatching(db: Executor, filter: PatientFilter) {
  let query = db.selectFrom('patients');
  const { scope } = filter;
  if (!scope.all) {
    query = scope.organizationIds.length
      ? query.where('patients.organizationId', 'in', scope.organizationIds)
      : query.where(sql<boolean>`false`);
  }
  const { parentId } = filter;
  if (parentId) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('patientParents')
          .select('patientParents.userId')
          .whereRef('patientParents.patientId', '=', 'patients.id')
          .where('patientParents.userId', '=', parentId),
      ),
    );
  }
  if (filter.organizationId) query = query.where('patients.organizationId', '=', filter.organizationId);
  query = filter.archived
    ? query.where('patients.archivedAt', 'is not', null)
    : query.where('patients.archivedAt', 'is', null);
  if (filter.active !== undefined) query = query.where('patients.active', '=', filter.active);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search.replace(/\s+/g, ' '))}%`;
    query = query.where(sql<boolean>`patients.name_search like lower(${pattern})`);
  }
  return query;
}

/** A page by name ("first last", lower-cased), from `offset` or after the keyset position `after`. */
export function selectPatientPage(db: Executor, filter: PatientFilter, window: PageWindow) {
  let query = patientsMatching(db, filter);
  const { after } = window;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('patients.nameSearch', 'patients.id'), '>', eb.tuple(after.value, after.id)),
    );
  }
  return query
    .selectAll('patients')
    .orderBy('patients.nameSearch')
    .orderBy('patients.id')
    .limit(window.limit)
    .offset(window.offset ?? 0)
    .execute();
}

/**
 * The unarchived patients of each user as the User shape lists them (by name, then id), in ONE
 * query for a whole page of users, by user id: the lists the triggers keep (a user without a row
 * has none).
 */
export async function patientsOfUsers(db: Executor, userIds: readonly string[]) {
  const byUser = new Map<string, UserPatient[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('userPatientLists')
    .select(['userId', 'patients'])
    .where('userId', 'in', userIds)
    .execute();
  for (const { userId, patients } of rows) byUser.set(userId, patients);
  return byUser;
}
