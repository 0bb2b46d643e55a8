import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { auditActionsOn, createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

async function clientAdmin() {
  const org = await createTestOrg(deps.db);
  const { user } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId: org.id });
  return { org, user, ...(await signedIn(deps, user)) };
}

describe('patients', () => {
  it('a client admin creates, updates, archives and restores a patient, each audited without personal data', async () => {
    const { org, caller } = await clientAdmin();
    const patient = await caller.patients.create({
      firstName: 'Ada',
      lastName: 'Byron',
      dateOfBirth: '2015-12-10',
    });
    expect(patient).toMatchObject({
      organizationId: org.id,
      firstName: 'Ada',
      lastName: 'Byron',
      dateOfBirth: '2015-12-10',
      active: true,
      archivedAt: null,
      parentIds: [],
    });
    const updated = await caller.patients.update({
      id: patient.id,
      patch: { lastName: 'Lovelace', active: false },
    });
    expect(updated).toMatchObject({ lastName: 'Lovelace', active: false });
    const archived = await caller.patients.archive({ id: patient.id });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    // Archived patients are hidden unless asked for.
    expect((await caller.patients.list({})).items.map((p) => p.id)).not.toContain(patient.id);
    expect((await caller.patients.list({ archived: true })).items.map((p) => p.id)).toEqual([patient.id]);
    expect((await caller.patients.archive({ id: patient.id, archived: false })).archivedAt).toBeNull();
    // Archiving twice changes nothing and records nothing more.
    await caller.patients.archive({ id: patient.id });
    await caller.patients.archive({ id: patient.id });
    expect(await auditActionsOn(deps.db, patient.id)).toEqual([
      'patients.create',
      'patients.update',
      'patients.archive',
      'patients.unarchive',
      'patients.archive',
    ]);
    const update = await deps.db
      .selectFrom('auditEvents')
      .select('metadata')
      .where('targetId', '=', patient.id)
      .where('action', '=', 'patients.update')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(update.metadata)).not.toContain('Lovelace');
  });

  it('refuses bad input with field errors, never a 500', async () => {
    const { caller } = await clientAdmin();
    const blank = await errorOf(caller.patients.create({ firstName: ' ', lastName: 'X' }));
    expect(blank.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(blank)).toHaveProperty('firstName');
    const future = await errorOf(
      caller.patients.create({ firstName: 'A', lastName: 'B', dateOfBirth: '2999-01-01' }),
    );
    expect(fieldErrorsOf(future)).toHaveProperty('dateOfBirth');
    const { id } = await caller.patients.create({ firstName: 'A', lastName: 'B' });
    const unknownField = await errorOf(
      caller.patients.update({ id, patch: { organizationId: id } as never }),
    );
    expect(unknownField.code).toBe('BAD_REQUEST');
    expect((await errorOf(caller.patients.get({ id: 'not-a-uuid' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(caller.patients.get({ id: crypto.randomUUID() }))).code).toBe('NOT_FOUND');
  });

  it('links only parent users of the same organisation, idempotently, and unlinks', async () => {
    const { org, caller } = await clientAdmin();
    const patient = await caller.patients.create({ firstName: 'Tom', lastName: 'Thumb' });
    const { user: parent } = await createTestUser(deps.db, { roles: ['parent'], organizationId: org.id });
    const linked = await caller.patients.link({ id: patient.id, userId: parent.id });
    expect(linked.parentIds).toEqual([parent.id]);
    expect((await caller.patients.link({ id: patient.id, userId: parent.id })).parentIds).toEqual([
      parent.id,
    ]);
    await caller.patients.create({ firstName: 'Not', lastName: 'Theirs' });
    expect((await caller.patients.list({ parentId: parent.id })).items.map((p) => p.id)).toEqual([
      patient.id,
    ]);

    const { user: staff } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id });
    const notParent = await errorOf(caller.patients.link({ id: patient.id, userId: staff.id }));
    expect(notParent.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(notParent)).toHaveProperty('userId');
    const elsewhere = await createTestOrg(deps.db);
    const { user: stranger } = await createTestUser(deps.db, {
      roles: ['parent'],
      organizationId: elsewhere.id,
    });
    const otherOrg = await errorOf(caller.patients.link({ id: patient.id, userId: stranger.id }));
    expect(otherOrg.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(otherOrg)).toHaveProperty('userId');
    const unknown = await errorOf(caller.patients.link({ id: patient.id, userId: crypto.randomUUID() }));
    expect(fieldErrorsOf(unknown)).toHaveProperty('userId');

    expect((await caller.patients.unlink({ id: patient.id, userId: parent.id })).parentIds).toEqual([]);
    expect((await caller.patients.unlink({ id: patient.id, userId: parent.id })).parentIds).toEqual([]);
    expect(await auditActionsOn(deps.db, patient.id)).toEqual([
      'patients.create',
      'patients.link',
      'patients.unlink',
    ]);
  });

  it('drops a parent’s links when the parent moves to another organisation', async () => {
    const { org, caller } = await clientAdmin();
    const patient = await caller.patients.create({ firstName: 'Mo', lastName: 'Ved' });
    const { user: parent } = await createTestUser(deps.db, { roles: ['parent'], organizationId: org.id });
    await caller.patients.link({ id: patient.id, userId: parent.id });
    const elsewhere = await createTestOrg(deps.db);
    await deps.db
      .updateTable('users')
      .set({ organizationId: elsewhere.id })
      .where('id', '=', parent.id)
      .execute();
    expect((await caller.patients.get({ id: patient.id })).parentIds).toEqual([]);
  });

  it('lists by name with search and the active filter, paging by cursor', async () => {
    const { caller } = await clientAdmin();
    for (const [firstName, lastName] of [
      ['Zoe', 'Adams'],
      ['anna', 'Berg'],
      ['Bob', 'Annaby'],
      ['Carl', 'Dunn'],
    ] as const) {
      await caller.patients.create({ firstName, lastName, active: firstName !== 'Carl' });
    }
    const all = await caller.patients.list({ pageSize: 2 });
    expect(all.total).toBe(4);
    expect(all.items.map((p) => p.firstName)).toEqual(['anna', 'Bob']);
    const next = await caller.patients.list({ pageSize: 2, cursor: all.nextCursor ?? undefined });
    expect(next.items.map((p) => p.firstName)).toEqual(['Carl', 'Zoe']);
    const search = await caller.patients.list({ search: 'ANNA' });
    expect(search.items.map((p) => p.firstName)).toEqual(['anna', 'Bob']);
    const inactive = await caller.patients.list({ active: false });
    expect(inactive.items.map((p) => p.firstName)).toEqual(['Carl']);
    // `%` and `_` are literal characters, not wildcards.
    expect((await caller.patients.list({ search: '%' })).items).toEqual([]);
  });
});
