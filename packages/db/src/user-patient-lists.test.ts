import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './create-db';
import type { Db, Executor, UserPatient } from './schema';
import { createTestOrg, createTestUser, workerDatabase } from './testing';

// `user_patient_lists` (migration 0700): each parent's patients as the User shape lists them,
// kept by triggers. Every check compares the kept lists with the lists computed from the links.
let handle: DbHandle;
beforeAll(async () => {
  handle = (await workerDatabase()).handle;
});

/** The lists as computed from the links now, for these users (absent: none). */
async function computed(db: Db, userIds: string[]) {
  const { rows } = await sql<{ userId: string; patients: UserPatient[] }>`
    select pp.user_id, json_agg(json_build_object('id', p.id, 'firstName', p.first_name,
      'lastName', p.last_name, 'active', p.active) order by p.name_search, p.id) as patients
    from patient_parents pp join patients p on p.id = pp.patient_id
    where pp.user_id = any(${userIds}::uuid[]) and p.archived_at is null
    group by pp.user_id`.execute(db);
  return Object.fromEntries(userIds.map((id) => [id, rows.find((r) => r.userId === id)?.patients ?? []]));
}

/** The lists as kept, for these users (no row: an empty list). */
async function kept(db: Executor, userIds: string[]) {
  const rows = await db.selectFrom('userPatientLists').selectAll().where('userId', 'in', userIds).execute();
  return Object.fromEntries(userIds.map((id) => [id, rows.find((r) => r.userId === id)?.patients ?? []]));
}

async function family(db: Db) {
  const org = await createTestOrg(db);
  const parent = async () =>
    (await createTestUser(db, { roles: ['parent'], organizationId: org.id })).user.id;
  const patient = async (firstName: string, lastName = 'Young') =>
    (
      await db
        .insertInto('patients')
        .values({ organizationId: org.id, firstName, lastName })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const link = (patientId: string, userId: string) =>
    db.insertInto('patientParents').values({ patientId, userId }).execute();
  return { org, parent, patient, link };
}

describe('user_patient_lists', () => {
  it('follows links, unlinks, renames, archiving, activity and deletions of patients', async () => {
    const { db } = handle;
    const { parent, patient, link } = await family(db);
    const [mum, dad, aunt] = [await parent(), await parent(), await parent()];
    const users = [mum, dad, aunt];
    const zed = await patient('Zed');
    const amy = await patient('Amy');
    const bob = await patient('Bob');
    await link(zed, mum);
    await link(amy, mum);
    await link(amy, dad);
    await link(bob, aunt);
    expect(await kept(db, users)).toEqual(await computed(db, users));
    expect((await kept(db, [mum]))[mum]).toEqual([
      { id: amy, firstName: 'Amy', lastName: 'Young', active: true },
      { id: zed, firstName: 'Zed', lastName: 'Young', active: true },
    ]);

    // A rename reorders the lists ("aaron zulu" before "amy young"); an inactive patient stays listed.
    await db
      .updateTable('patients')
      .set({ firstName: 'Aaron', lastName: 'Zulu' })
      .where('id', '=', zed)
      .execute();
    await db.updateTable('patients').set({ active: false }).where('id', '=', amy).execute();
    expect(await kept(db, users)).toEqual(await computed(db, users));
    expect((await kept(db, [mum]))[mum]?.map((p) => p.id)).toEqual([zed, amy]);

    // Archived patients leave the lists and come back when unarchived.
    await db.updateTable('patients').set({ archivedAt: new Date() }).where('id', '=', amy).execute();
    expect((await kept(db, [dad]))[dad]).toEqual([]);
    expect(await kept(db, users)).toEqual(await computed(db, users));
    await db.updateTable('patients').set({ archivedAt: null }).where('id', '=', amy).execute();
    expect(await kept(db, users)).toEqual(await computed(db, users));

    await db.deleteFrom('patientParents').where('patientId', '=', zed).where('userId', '=', mum).execute();
    await db.deleteFrom('patients').where('id', '=', bob).execute();
    expect(await kept(db, users)).toEqual(await computed(db, users));
    expect((await kept(db, [aunt]))[aunt]).toEqual([]);

    // A user deleted takes their list along; the other parent's is untouched.
    await db.deleteFrom('users').where('id', '=', mum).execute();
    expect(await db.selectFrom('userPatientLists').where('userId', '=', mum).selectAll().execute()).toEqual(
      [],
    );
    expect(await kept(db, [dad])).toEqual(await computed(db, [dad]));
  });

  it('drops the patients of the organisation a parent leaves, and follows links written in bulk', async () => {
    const { db } = handle;
    const { parent, patient } = await family(db);
    const parents = [await parent(), await parent(), await parent()];
    const patients = [await patient('Cat'), await patient('Ann'), await patient('Ben')];
    await db
      .insertInto('patientParents')
      .values(parents.flatMap((userId) => patients.map((patientId) => ({ patientId, userId }))))
      .execute();
    expect(await kept(db, parents)).toEqual(await computed(db, parents));
    expect((await kept(db, parents))[parents[0] as string]).toHaveLength(3);

    const elsewhere = await createTestOrg(db);
    await db
      .updateTable('users')
      .set({ organizationId: elsewhere.id })
      .where('id', '=', parents[0] as string)
      .execute();
    expect((await kept(db, parents))[parents[0] as string]).toEqual([]);
    expect(await kept(db, parents)).toEqual(await computed(db, parents));
  });

  it('lists patients created and linked in one statement (as the demo seed does)', async () => {
    const { db } = handle;
    const { org, parent } = await family(db);
    const dad = await parent();
    await sql`
      with created as (
        insert into patients (organization_id, first_name, last_name)
        values (${org.id}, 'Yan', 'Old'), (${org.id}, 'Xia', 'Old')
        returning id
      )
      insert into patient_parents (patient_id, user_id) select id, ${dad} from created`.execute(db);
    expect((await kept(db, [dad]))[dad]?.map((p) => p.firstName)).toEqual(['Xia', 'Yan']);
  });

  it('empties the lists when the links are truncated', async () => {
    const { db } = handle;
    const { parent, patient, link } = await family(db);
    const mum = await parent();
    await link(await patient('Tom'), mum);
    const rolledBack = new Error('roll back');
    // In a transaction rolled back: the other tests' links (this worker's database) come back.
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`truncate patient_parents`.execute(trx);
        expect((await kept(trx, [mum]))[mum]).toEqual([]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect((await kept(db, [mum]))[mum]).toHaveLength(1);
  });

  it('keeps both patients when two transactions link one parent at the same time', async () => {
    const { db } = handle;
    const { parent, patient, link } = await family(db);
    const mum = await parent();
    const [early, first, second] = [await patient('Early'), await patient('First'), await patient('Second')];
    // Her list has a row already: the second refresh cannot wait on inserting it.
    await link(early, mum);
    let linkedFirst!: () => void;
    const firstLinked = new Promise<void>((resolve) => {
      linkedFirst = resolve;
    });
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    const one = db.transaction().execute(async (trx) => {
      await trx.insertInto('patientParents').values({ patientId: first, userId: mum }).execute();
      linkedFirst();
      await firstMayCommit;
    });
    await firstLinked;
    // The second link's refresh waits for the first transaction, then sees its link.
    const two = db.transaction().execute(async (trx) => {
      await trx.insertInto('patientParents').values({ patientId: second, userId: mum }).execute();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    commitFirst();
    await Promise.all([one, two]);
    expect((await kept(db, [mum]))[mum]?.map((p) => p.id)).toEqual([early, first, second]);
  });
});
