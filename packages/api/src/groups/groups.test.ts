import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

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

describe('groups', () => {
  it('a client admin creates a group in their organisation, renames it and deletes it, each audited', async () => {
    const { org, caller } = await clientAdmin();
    const group = await caller.groups.create({ name: 'Night shift', description: 'Weekday nights' });
    expect(group).toMatchObject({
      organizationId: org.id,
      name: 'Night shift',
      description: 'Weekday nights',
      memberCount: 0,
      members: [],
    });
    const renamed = await caller.groups.update({
      id: group.id,
      patch: { name: 'Late shift', description: null },
    });
    expect(renamed).toMatchObject({ name: 'Late shift', description: null });
    expect(await caller.groups.delete({ id: group.id })).toEqual({ ok: true });
    expect((await errorOf(caller.groups.get({ id: group.id }))).code).toBe('NOT_FOUND');
    const audit = await deps.db
      .selectFrom('auditEvents')
      .select('action')
      .where('targetId', '=', group.id)
      .orderBy('createdAt')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['groups.create', 'groups.update', 'groups.delete']);
  });

  it('refuses a duplicate name in the same organisation (any case) and bad input', async () => {
    const { caller } = await clientAdmin();
    await caller.groups.create({ name: 'Billing team' });
    const duplicate = await errorOf(caller.groups.create({ name: 'BILLING TEAM' }));
    expect(duplicate.code).toBe('CONFLICT');
    expect(fieldErrorsOf(duplicate)).toHaveProperty('name');
    const empty = await errorOf(caller.groups.create({ name: ' ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(empty)).toHaveProperty('name');
    // Another organisation may use the same name.
    const { caller: other } = await clientAdmin();
    expect((await other.groups.create({ name: 'Billing team' })).name).toBe('Billing team');
  });

  it('adds and removes members, who must belong to the organisation', async () => {
    const { org, caller } = await clientAdmin();
    const { user: a } = await createTestUser(deps.db, { organizationId: org.id, lastName: 'Adams' });
    const { user: b } = await createTestUser(deps.db, { organizationId: org.id, lastName: 'Baker' });
    const { user: outsider } = await createTestUser(deps.db, {
      organizationId: (await createTestOrg(deps.db)).id,
    });
    const group = await caller.groups.create({ name: 'Care team' });

    const withMembers = await caller.groups.addMembers({ id: group.id, userIds: [b.id, a.id, a.id] });
    expect(withMembers.memberCount).toBe(2);
    expect(withMembers.members.map((m) => m.id)).toEqual([a.id, b.id]);
    // Adding again is harmless.
    expect((await caller.groups.addMembers({ id: group.id, userIds: [a.id] })).memberCount).toBe(2);

    for (const strangers of [[outsider.id], [a.id, crypto.randomUUID()]]) {
      const refused = await errorOf(caller.groups.addMembers({ id: group.id, userIds: strangers }));
      expect(refused.code).toBe('BAD_REQUEST');
      expect(fieldErrorsOf(refused)).toHaveProperty('userIds');
    }
    expect((await caller.groups.get({ id: group.id })).memberCount).toBe(2);

    const after = await caller.groups.removeMembers({ id: group.id, userIds: [a.id, outsider.id] });
    expect(after.members.map((m) => m.id)).toEqual([b.id]);
    const empty = await errorOf(caller.groups.addMembers({ id: group.id, userIds: [] }));
    expect(fieldErrorsOf(empty)).toHaveProperty('userIds');
  });

  it('drops a membership when the user moves to another organisation', async () => {
    const { org, caller } = await clientAdmin();
    const { user } = await createTestUser(deps.db, { organizationId: org.id });
    const group = await caller.groups.create({ name: 'Movers' });
    await caller.groups.addMembers({ id: group.id, userIds: [user.id] });
    const elsewhere = await createTestOrg(deps.db);
    await deps.db
      .updateTable('users')
      .set({ organizationId: elsewhere.id })
      .where('id', '=', user.id)
      .execute();
    expect((await caller.groups.get({ id: group.id })).members).toEqual([]);
  });

  it('lists only groups of readable organisations, searches and pages by cursor', async () => {
    const { org, caller } = await clientAdmin();
    for (const name of ['Alpha', 'Beta', 'Gamma']) await caller.groups.create({ name });
    const { caller: other } = await clientAdmin();
    const foreign = await other.groups.create({ name: 'Alpha' });

    const first = await caller.groups.list({ pageSize: 2 });
    expect(first).toMatchObject({ total: 3, totalPages: 2 });
    const second = await caller.groups.list({ pageSize: 2, cursor: first.nextCursor ?? '' });
    expect([...first.items, ...second.items].map((g) => g.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect((await caller.groups.list({ search: 'amm' })).items.map((g) => g.name)).toEqual(['Gamma']);
    expect((await caller.groups.list({ organizationId: foreign.organizationId })).items).toEqual([]);
    expect((await errorOf(caller.groups.get({ id: foreign.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.groups.delete({ id: foreign.id }))).code).toBe('NOT_FOUND');
    const outsideOrg = await errorOf(
      caller.groups.create({ name: 'Sneaky', organizationId: foreign.organizationId }),
    );
    expect(outsideOrg.code).toBe('NOT_FOUND');

    const { user: supervisor } = await createTestUser(deps.db, {
      roles: ['supervisor'],
      organizationId: org.id,
    });
    const readOnly = (await signedIn(deps, supervisor)).caller;
    expect((await readOnly.groups.list()).total).toBe(3);
    const [alpha] = first.items;
    expect((await errorOf(readOnly.groups.update({ id: alpha?.id ?? '', patch: { name: 'x' } }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('an admin without an organisation must name one', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, user);
    const error = await errorOf(caller.groups.create({ name: 'Orphans' }));
    expect(fieldErrorsOf(error)).toEqual({ organizationId: ['Choose the organisation of the group'] });
    const org = await createTestOrg(deps.db);
    expect((await caller.groups.create({ name: 'Placed', organizationId: org.id })).organizationId).toBe(
      org.id,
    );
  });
});
