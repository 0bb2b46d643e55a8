import { createTestOrg, createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

async function adminCaller() {
  const { user } = await createTestUser(deps.db, { roles: ['admin'] });
  return (await signedIn(deps, user)).caller;
}

async function clientAdminOf(organizationId: string) {
  const { user } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId });
  return { user, ...(await signedIn(deps, user)) };
}

const auditActions = (targetId: string) =>
  deps.db
    .selectFrom('auditEvents')
    .select(['action', 'metadata'])
    .where('targetId', '=', targetId)
    .orderBy('createdAt')
    .execute();

describe('orgs.create / get / update / upsert', () => {
  it('an admin creates an organisation, reads it back with its member count, and the write is audited', async () => {
    const admin = await adminCaller();
    const { user: therapist } = await createTestUser(deps.db, { roles: ['provider'] });
    const org = await admin.orgs.create({ name: '  Riverside Therapy  ', therapistUserId: therapist.id });
    expect(org).toMatchObject({
      name: 'Riverside Therapy',
      status: 'active',
      therapistUserId: therapist.id,
      archivedAt: null,
      memberCount: 0,
    });
    await createTestUser(deps.db, { organizationId: org.id });
    await createTestUser(deps.db, { organizationId: org.id });
    await createTestUser(deps.db, { organizationId: org.id, archivedAt: new Date() });
    // Archived members are not counted.
    expect((await admin.orgs.get({ id: org.id })).memberCount).toBe(2);
    expect((await auditActions(org.id)).map((e) => e.action)).toEqual(['orgs.create']);
  });

  it('refuses an empty or too long name and an unknown therapist with field errors', async () => {
    const admin = await adminCaller();
    const empty = await errorOf(admin.orgs.create({ name: '   ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(empty)).toHaveProperty('name');
    const long = await errorOf(admin.orgs.create({ name: 'x'.repeat(256) }));
    expect(fieldErrorsOf(long).name).toEqual(['At most 255 characters']);
    const unknown = await errorOf(
      admin.orgs.create({ name: 'Clinic', therapistUserId: crypto.randomUUID() }),
    );
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(unknown)).toEqual({ therapistUserId: ['No such user'] });
  });

  it('a client admin renames their own organisation but cannot create one or touch another', async () => {
    const own = await createTestOrg(deps.db);
    const other = await createTestOrg(deps.db);
    const { caller } = await clientAdminOf(own.id);
    const renamed = await caller.orgs.update({ id: own.id, patch: { name: 'New name' } });
    expect(renamed.name).toBe('New name');
    expect((await auditActions(own.id)).map((e) => e.metadata)).toEqual([{ changedFields: ['name'] }]);
    expect((await errorOf(caller.orgs.create({ name: 'Mine' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.orgs.upsert({ name: 'Mine too' }))).code).toBe('FORBIDDEN');
    // Another organisation does not exist as far as they can tell.
    expect((await errorOf(caller.orgs.update({ id: other.id, patch: { name: 'x' } }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await errorOf(caller.orgs.get({ id: other.id }))).code).toBe('NOT_FOUND');
  });

  it("a client admin cannot set their organisation's therapist: FORBIDDEN on the field, nothing written", async () => {
    const { user: therapist } = await createTestUser(deps.db, { roles: ['provider'] });
    const own = await createTestOrg(deps.db, { therapistUserId: therapist.id });
    const { user: insider } = await createTestUser(deps.db, { organizationId: own.id, roles: ['provider'] });
    const { caller } = await clientAdminOf(own.id);
    const message = "Only an admin may change an organisation's therapist";
    for (const therapistUserId of [insider.id, null, crypto.randomUUID()]) {
      const viaUpdate = await errorOf(
        caller.orgs.update({ id: own.id, patch: { name: 'Not renamed', therapistUserId } }),
      );
      expect(viaUpdate.code).toBe('FORBIDDEN');
      expect(fieldErrorsOf(viaUpdate)).toEqual({ 'patch.therapistUserId': [message] });
      const viaUpsert = await errorOf(
        caller.orgs.upsert({ id: own.id, name: 'Not renamed', therapistUserId }),
      );
      expect(viaUpsert.code).toBe('FORBIDDEN');
      expect(fieldErrorsOf(viaUpsert)).toEqual({ therapistUserId: [message] });
    }
    expect(await caller.orgs.get({ id: own.id })).toMatchObject({
      name: own.name,
      therapistUserId: therapist.id,
    });
    expect(await auditActions(own.id)).toEqual([]);
    // The name alone is theirs to change, and sending the current therapist back changes nothing.
    const renamed = await caller.orgs.update({
      id: own.id,
      patch: { name: 'Renamed by client admin', therapistUserId: therapist.id },
    });
    expect(renamed).toMatchObject({ name: 'Renamed by client admin', therapistUserId: therapist.id });
    const upserted = await caller.orgs.upsert({ id: own.id, name: 'Upserted by client admin' });
    expect(upserted).toMatchObject({ name: 'Upserted by client admin', therapistUserId: therapist.id });
  });

  it('an admin sets, changes and clears a therapist through create, update and upsert', async () => {
    const admin = await adminCaller();
    const [{ user: first }, { user: second }] = [
      await createTestUser(deps.db, { roles: ['provider'] }),
      await createTestUser(deps.db, { roles: ['provider'] }),
    ];
    const org = await admin.orgs.create({ name: 'Therapist clinic', therapistUserId: first.id });
    expect(org.therapistUserId).toBe(first.id);
    expect(
      (await admin.orgs.update({ id: org.id, patch: { therapistUserId: second.id } })).therapistUserId,
    ).toBe(second.id);
    expect((await admin.orgs.upsert({ id: org.id, therapistUserId: null })).therapistUserId).toBeNull();
    const unknown = await errorOf(admin.orgs.upsert({ id: org.id, therapistUserId: crypto.randomUUID() }));
    expect(fieldErrorsOf(unknown)).toEqual({ therapistUserId: ['No such user'] });
  });

  it('upsert with an id updates only the given fields; without one it creates (and then needs a name)', async () => {
    const admin = await adminCaller();
    const { user: therapist } = await createTestUser(deps.db, { roles: ['provider'] });
    const created = await admin.orgs.upsert({ name: 'Upserted', therapistUserId: therapist.id });
    expect(created).toMatchObject({ name: 'Upserted', therapistUserId: therapist.id });
    const renamed = await admin.orgs.upsert({ id: created.id, name: 'Renamed' });
    expect(renamed).toMatchObject({ id: created.id, name: 'Renamed', therapistUserId: therapist.id });
    const cleared = await admin.orgs.upsert({ id: created.id, therapistUserId: null });
    expect(cleared).toMatchObject({ name: 'Renamed', therapistUserId: null });
    const nameless = await errorOf(admin.orgs.upsert({}));
    expect(nameless.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(nameless)).toHaveProperty('name');
    expect((await errorOf(admin.orgs.upsert({ id: crypto.randomUUID(), name: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('rejects unknown patch fields and malformed ids as BAD_REQUEST', async () => {
    const admin = await adminCaller();
    const org = await createTestOrg(deps.db);
    const extra = await errorOf(admin.orgs.update({ id: org.id, patch: { status: 'inactive' } as never }));
    expect(extra.code).toBe('BAD_REQUEST');
    expect((await errorOf(admin.orgs.get({ id: 'nope' }))).code).toBe('BAD_REQUEST');
  });
});

describe('orgs.list / byTherapist', () => {
  it('pages, searches case-insensitively, filters by status and hides archived ones unless asked', async () => {
    const admin = await adminCaller();
    const tag = `Zeta${crypto.randomUUID().slice(0, 8)}`;
    for (const suffix of ['a', 'b', 'c']) await createTestOrg(deps.db, { name: `${tag} ${suffix}` });
    await createTestOrg(deps.db, { name: `${tag} inactive`, status: 'inactive' });
    await createTestOrg(deps.db, { name: `${tag} archived`, archivedAt: new Date() });
    const first = await admin.orgs.list({ search: tag.toLowerCase(), pageSize: 2 });
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 4, totalPages: 2, totalExact: true });
    expect(first.items.map((o) => o.name)).toEqual([`${tag} a`, `${tag} b`]);
    const byPage = await admin.orgs.list({ search: tag, pageSize: 2, page: 2 });
    expect(byPage.items.map((o) => o.name)).toEqual([`${tag} c`, `${tag} inactive`]);
    expect(byPage.nextCursor).toBeNull();
    const byCursor = await admin.orgs.list({ search: tag, pageSize: 2, cursor: first.nextCursor ?? '' });
    expect(byCursor.items.map((o) => o.name)).toEqual(byPage.items.map((o) => o.name));
    const inactive = await admin.orgs.list({ search: tag, status: 'inactive' });
    expect(inactive.items.map((o) => o.name)).toEqual([`${tag} inactive`]);
    const archived = await admin.orgs.list({ search: tag, archived: true });
    expect(archived.items.map((o) => o.name)).toEqual([`${tag} archived`]);
  });

  it('treats % and _ in a search as plain characters and refuses a forged cursor', async () => {
    const admin = await adminCaller();
    const tag = crypto.randomUUID().slice(0, 8);
    await createTestOrg(deps.db, { name: `100% ${tag}` });
    await createTestOrg(deps.db, { name: `100 ${tag}` });
    expect((await admin.orgs.list({ search: `100% ${tag}` })).items).toHaveLength(1);
    const forged = await errorOf(admin.orgs.list({ cursor: 'not-a-cursor' }));
    expect(forged.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(forged)).toHaveProperty('cursor');
    expect((await errorOf(admin.orgs.list({ page: 2, cursor: 'x' }))).code).toBe('BAD_REQUEST');
  });

  it('shows a client admin and a supervisor only their own organisation', async () => {
    const own = await createTestOrg(deps.db);
    await createTestOrg(deps.db);
    const { caller } = await clientAdminOf(own.id);
    const { user: supervisor } = await createTestUser(deps.db, {
      roles: ['supervisor'],
      organizationId: own.id,
    });
    for (const c of [caller, (await signedIn(deps, supervisor)).caller]) {
      const page = await c.orgs.list();
      expect(page.items.map((o) => o.id)).toEqual([own.id]);
      expect(page.total).toBe(1);
    }
  });

  it('byTherapist returns the readable, non-archived organisations of a therapist, or an empty array', async () => {
    const admin = await adminCaller();
    const { user: therapist } = await createTestUser(deps.db, { roles: ['provider'] });
    const a = await createTestOrg(deps.db, { therapistUserId: therapist.id, name: 'Therapist A' });
    const b = await createTestOrg(deps.db, { therapistUserId: therapist.id, name: 'Therapist B' });
    await createTestOrg(deps.db, { therapistUserId: therapist.id, archivedAt: new Date() });
    expect((await admin.orgs.byTherapist({ therapistUserId: therapist.id })).map((o) => o.id)).toEqual([
      a.id,
      b.id,
    ]);
    const { caller } = await clientAdminOf(a.id);
    expect((await caller.orgs.byTherapist({ therapistUserId: therapist.id })).map((o) => o.id)).toEqual([
      a.id,
    ]);
    expect(await admin.orgs.byTherapist({ therapistUserId: crypto.randomUUID() })).toEqual([]);
  });
});

describe('orgs lifecycle', () => {
  it("deactivating ends every member's session at once and blocks sign-in until activated again", async () => {
    const admin = await adminCaller();
    const org = await createTestOrg(deps.db);
    const { user: member } = await createTestUser(deps.db, { organizationId: org.id });
    const { user: otherMember } = await createTestUser(deps.db, { organizationId: org.id });
    const { user: outsider } = await createTestUser(deps.db);
    const memberSession = await signedIn(deps, member);
    await signedIn(deps, otherMember);
    const outsiderSession = await signedIn(deps, outsider);
    const ended: string[] = [];
    const withEvents = {
      ...deps,
      sessionEvents: {
        ended: async (ids: readonly string[]) => void ended.push(...ids),
        accessChanged: async () => {},
      },
    };
    const { user: adminUser } = await createTestUser(deps.db, { roles: ['admin'] });
    const { token } = await signedIn(deps, adminUser);

    const result = await callerFor(withEvents, { token }).caller.orgs.deactivate({ id: org.id });
    expect(result.status).toBe('inactive');
    expect((await errorOf(memberSession.caller.auth.me())).code).toBe('UNAUTHORIZED');
    expect(ended).toHaveLength(2);
    expect((await outsiderSession.caller.auth.me()).id).toBe(outsider.id);
    const login = () => callerFor(deps).caller.auth.login({ email: member.email, password: TEST_PASSWORD });
    expect((await errorOf(login())).code).toBe('UNAUTHORIZED');
    const [event] = await auditActions(org.id);
    expect(event).toEqual({ action: 'orgs.deactivate', metadata: { sessionsEnded: 2 } });

    expect((await admin.orgs.activate({ id: org.id })).status).toBe('active');
    expect((await login()).status).toBe('authenticated');
  });

  it('archiving ends sessions and hides the organisation from lists; unarchiving restores access', async () => {
    const admin = await adminCaller();
    const org = await createTestOrg(deps.db, { name: `Archive me ${crypto.randomUUID()}` });
    const { user: member } = await createTestUser(deps.db, { organizationId: org.id });
    const session = await signedIn(deps, member);
    const archived = await admin.orgs.archive({ id: org.id });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await errorOf(session.caller.auth.me())).code).toBe('UNAUTHORIZED');
    expect((await admin.orgs.list({ search: org.name })).items).toEqual([]);
    await admin.orgs.unarchive({ id: org.id });
    const login = await callerFor(deps).caller.auth.login({ email: member.email, password: TEST_PASSWORD });
    expect(login.status).toBe('authenticated');
    expect((await auditActions(org.id)).map((e) => e.action)).toEqual(['orgs.archive', 'orgs.unarchive']);
  });

  it('only admins change the lifecycle, and an admin cannot lock out their own organisation', async () => {
    const org = await createTestOrg(deps.db);
    const { caller } = await clientAdminOf(org.id);
    for (const call of [
      caller.orgs.deactivate,
      caller.orgs.archive,
      caller.orgs.activate,
      caller.orgs.unarchive,
    ]) {
      expect((await errorOf(call({ id: org.id }))).code).toBe('FORBIDDEN');
    }
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'], organizationId: org.id });
    const own = (await signedIn(deps, admin)).caller;
    expect((await errorOf(own.orgs.deactivate({ id: org.id }))).code).toBe('CONFLICT');
    expect((await errorOf(own.orgs.archive({ id: org.id }))).code).toBe('CONFLICT');
    expect((await own.auth.me()).id).toBe(admin.id);
  });
});
