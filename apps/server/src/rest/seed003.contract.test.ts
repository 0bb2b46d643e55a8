import { auditActionsOn, createTestDeps } from '@praxis/api/testing';
import type { TestUserOptions } from '@praxis/db/testing';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { restClient, signInOverRest } from '../testing/rest';

// Seed 003's REST routes (/v1/admin) against the real server; every answer is checked against the
// served document by restClient.
type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let app: ReturnType<typeof createApp>;
let rest: Awaited<ReturnType<typeof restClient>>;
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps);
  rest = await restClient(app);
});
afterAll(() => deps.close());

const USERS = '/v1/admin/clinic/users';
const ONE = `${USERS}/{id}`;

const signIn = (options: TestUserOptions = {}) => signInOverRest(rest, deps.db, options);

async function clinic() {
  const org = await createTestOrg(deps.db);
  const admin = await signIn({ roles: ['client_admin'], organizationId: org.id });
  const member = (await createTestUser(deps.db, { organizationId: org.id, roles: ['staff'] })).user;
  return { org, admin, member };
}

const auditActions = (targetId: string) => auditActionsOn(deps.db, targetId);

describe('seed 003 lists', () => {
  it('lists, searches, sorts and filters the users of the caller’s organisation in seed 003 shape', async () => {
    const { org, admin } = await clinic();
    const tag = crypto.randomUUID().slice(0, 8);
    const parent = (
      await createTestUser(deps.db, {
        organizationId: org.id,
        roles: ['parent'],
        firstName: `Zed${tag}`,
        clinical: true,
        dateOfBirth: '1990-05-15',
      })
    ).user;
    const patient = await deps.db
      .insertInto('patients')
      .values({ organizationId: org.id, firstName: 'Pat', lastName: `Kid${tag}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.db.insertInto('patientParents').values({ patientId: patient.id, userId: parent.id }).execute();
    await createTestUser(deps.db, { organizationId: org.id, roles: ['provider'], firstName: `Amy${tag}` });
    const otherOrg = await createTestOrg(deps.db);
    await createTestUser(deps.db, { organizationId: otherOrg.id, firstName: `Zed${tag}` });

    const list = await rest.send('get', USERS, {
      token: admin.token,
      query: `page=1&page_size=100&sort_by=first_name&sort_dir=ASC&search=${tag}`,
    });
    expect(list.status).toBe(200);
    expect(list.body.users.map((u: { first_name: string }) => u.first_name)).toEqual([
      `Amy${tag}`,
      `Zed${tag}`,
    ]);
    expect(list.body.meta).toEqual({ page: 1, page_size: 100, total: 2, total_pages: 1, total_exact: true });
    expect(list.body.users[1]).toMatchObject({
      id: parent.id,
      role: 'parent',
      clinical: true,
      active: true,
      date_of_birth: '1990-05-15',
      patient: { id: patient.id, active: true },
    });
    expect(list.body.users[0].patient).toBeNull();

    const filtered = await rest.send('post', `${USERS}/filter_users`, {
      token: admin.token,
      body: { search: tag, filters: { role: 'parent', active: true, clinical: true }, page_size: 50 },
    });
    expect(filtered.status).toBe(200);
    expect(filtered.body.users.map((u: { id: string }) => u.id)).toEqual([parent.id]);
    const byPatient = await rest.send('post', `${USERS}/filter_users`, {
      token: admin.token,
      body: { filters: { patient_name: `kid${tag}`, date: { start_date: '2000-01-01' } } },
    });
    expect(byPatient.body.users.map((u: { id: string }) => u.id)).toEqual([parent.id]);
  });

  it('refuses bad input by request field (422), no token (401) and callers who may not read users (403)', async () => {
    const { admin, org } = await clinic();
    const badSort = await rest.send('get', USERS, { token: admin.token, query: 'sort_by=password' });
    expect(badSort.status).toBe(422);
    expect(Object.keys(badSort.body.errors)).toEqual(['sort_by']);
    const badDir = await rest.send('get', USERS, { token: admin.token, query: 'sort_dir=up' });
    expect(badDir.status).toBe(422);
    expect(Object.keys(badDir.body.errors)).toEqual(['sort_dir']);
    const badDate = await rest.send('post', `${USERS}/filter_users`, {
      token: admin.token,
      body: { filters: { date: { end_date: 'yesterday' } } },
    });
    expect(badDate.status).toBe(422);
    expect(Object.keys(badDate.body.errors)).toEqual(['filters.date.end_date']);
    const unknownFilter = await rest.send('post', `${USERS}/filter_users`, {
      token: admin.token,
      body: { filters: { nmae: 'x' } },
    });
    expect(unknownFilter.status).toBe(422);

    expect((await rest.send('get', USERS, {})).status).toBe(401);
    const parent = await signIn({ roles: ['parent'], organizationId: org.id });
    const refused = await rest.send('get', USERS, { token: parent.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ errors: expect.any(String) });
  });

  it('answers the dashboard with seed 003’s keys exactly, and the filter options', async () => {
    const { admin } = await clinic();
    const dashboard = await rest.send('get', '/v1/admin/users/dashboard', { token: admin.token });
    expect(dashboard.status).toBe(200);
    expect(Object.keys(dashboard.body).sort()).toEqual(
      [
        'total_users',
        'active_users',
        'new_users_this_month',
        'clinical_users',
        'provider_users',
        'recent_activity',
      ].sort(),
    );
    expect(dashboard.body.total_users).toBe(2);
    expect(dashboard.body.recent_activity[0]).toEqual({
      user_id: expect.any(String),
      action: expect.any(String),
      timestamp: expect.any(String),
    });

    const filters = await rest.send('get', `${USERS}/filters`, { token: admin.token });
    expect(filters.status).toBe(200);
    expect(filters.body.roles).toContain('parent');
    expect(filters.body.sort_fields).toContain('last_login');
    expect(filters.body.filters).toContain('patient_name');
  });
});

describe('seed 003 one user', () => {
  it('GET answers the user; unknown ids and other organisations’ users are 404', async () => {
    const { admin, member } = await clinic();
    const got = await rest.send('get', ONE, { params: { id: member.id }, token: admin.token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: member.id, email: member.email, role: 'staff', confirmed: false });
    const stranger = (await createTestUser(deps.db, { organizationId: (await createTestOrg(deps.db)).id }))
      .user;
    for (const id of [stranger.id, crypto.randomUUID()]) {
      const missing = await rest.send('get', ONE, { params: { id }, token: admin.token });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ errors: expect.any(String) });
      const put = await rest.send('put', ONE, {
        params: { id },
        token: admin.token,
        body: { user: { first_name: 'X' } },
      });
      expect(put.status).toBe(404);
    }
  });

  it('PUT changes the fields, makes `role` the only role and `active` disables, with each action’s audit event', async () => {
    const { admin, member } = await clinic();
    const put = await rest.send('put', ONE, {
      params: { id: member.id },
      token: admin.token,
      body: { user: { first_name: 'Jonathan', phone: '+1 555 123 4567', role: 'provider', active: false } },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: member.id,
      first_name: 'Jonathan',
      role: 'provider',
      active: false,
    });
    const row = await deps.db
      .selectFrom('users')
      .select(['roles', 'status', 'firstName'])
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ roles: ['provider'], status: 'inactive', firstName: 'Jonathan' });
    // One transaction: its events share their time, so they are compared sorted.
    expect((await auditActions(member.id)).sort()).toEqual([
      'users.demote',
      'users.disable',
      'users.promote',
      'users.update',
    ]);

    const enabled = await rest.send('put', ONE, {
      params: { id: member.id },
      token: admin.token,
      body: { user: { active: true } },
    });
    expect(enabled.body.active).toBe(true);
  });

  it('PUT refuses bad fields by name (422) and a state conflict (409)', async () => {
    const { admin, org, member } = await clinic();
    const bad = await rest.send('put', ONE, {
      params: { id: member.id },
      token: admin.token,
      body: { user: { email: 'not an email', phone: '5'.repeat(30) } },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['email', 'phone']);
    const badRole = await rest.send('put', ONE, {
      params: { id: member.id },
      token: admin.token,
      body: { user: { role: 'emperor' } },
    });
    expect(badRole.status).toBe(422);

    const pending = (await createTestUser(deps.db, { organizationId: org.id, status: 'pending' })).user;
    const conflict = await rest.send('put', ONE, {
      params: { id: pending.id },
      token: admin.token,
      body: { user: { active: true } },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors).toEqual(expect.any(Object));
    const both = await rest.send('put', ONE, {
      params: { id: pending.id },
      token: admin.token,
      body: { user: { first_name: 'Changed', active: true } },
    });
    expect(both.status).toBe(409);
    const row = await deps.db
      .selectFrom('users')
      .select('firstName')
      .where('id', '=', pending.id)
      .executeTakeFirstOrThrow();
    expect(row.firstName).toBe(pending.firstName);
  });

  it('archive and unarchive leave the same rows and audit events as their tRPC twins', async () => {
    const { org, admin } = await clinic();
    const [viaRest, viaTrpc] = await Promise.all(
      [1, 2].map(() => createTestUser(deps.db, { organizationId: org.id }).then((r) => r.user)),
    );
    if (!viaRest || !viaTrpc) throw new Error('no users');
    const trpc = async (path: string, input: unknown) => {
      const res = await app.request(`/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify(superjson.serialize(input)),
      });
      expect(res.status).toBe(200);
    };
    const rowsOf = async () => {
      const rows = await deps.db
        .selectFrom('users')
        .select(['id', 'status', 'archivedAt'])
        .where('id', 'in', [viaRest.id, viaTrpc.id])
        .execute();
      const restRow = rows.find((r) => r.id === viaRest.id);
      const trpcRow = rows.find((r) => r.id === viaTrpc.id);
      expect(restRow?.status).toBe(trpcRow?.status);
      expect(restRow?.archivedAt === null).toBe(trpcRow?.archivedAt === null);
      return restRow;
    };

    const archived = await rest.send('post', `${ONE}/archive`, {
      params: { id: viaRest.id },
      token: admin.token,
    });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: viaRest.id });
    await trpc('users.archive', { id: viaTrpc.id });
    expect((await rowsOf())?.archivedAt).not.toBeNull();
    const list = await rest.send('get', `${USERS}/archived`, { token: admin.token, query: 'page_size=100' });
    expect(list.status).toBe(200);
    expect(list.body.users.map((u: { id: string }) => u.id).sort()).toEqual([viaRest.id, viaTrpc.id].sort());

    const restored = await rest.send('post', `${ONE}/unarchive`, {
      params: { id: viaRest.id },
      token: admin.token,
    });
    expect(restored.status).toBe(200);
    await trpc('users.unarchive', { id: viaTrpc.id });
    expect((await rowsOf())?.archivedAt).toBeNull();
    expect(await auditActions(viaRest.id)).toEqual(['users.archive', 'users.unarchive']);
    expect(await auditActions(viaRest.id)).toEqual(await auditActions(viaTrpc.id));
  });

  it('DELETE removes the user permanently, for system admins only', async () => {
    const { admin, member } = await clinic();
    const refused = await rest.send('delete', ONE, { params: { id: member.id }, token: admin.token });
    expect(refused.status).toBe(403);
    const root = await signIn({ roles: ['admin'] });
    const deleted = await rest.send('delete', ONE, { params: { id: member.id }, token: root.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: member.id, deleted: true });
    const row = await deps.db.selectFrom('users').select('id').where('id', '=', member.id).executeTakeFirst();
    expect(row).toBeUndefined();
    const again = await rest.send('get', ONE, { params: { id: member.id }, token: root.token });
    expect(again.status).toBe(404);
  });
});
