import { auditActionsOn, createTestDeps } from '@praxis/api/testing';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { restClient } from '../testing/rest';

// Seed 002's admin routes against the real server, every answer checked against the served document.
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

async function signIn(options: Parameters<typeof createTestUser>[1] = {}) {
  const { user } = await createTestUser(deps.db, options);
  const { token } = await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { user, token };
}

async function clinic(members = 1) {
  const org = await createTestOrg(deps.db);
  const admin = await signIn({ roles: ['client_admin'], organizationId: org.id });
  const users = [];
  for (let i = 0; i < members; i++) {
    users.push((await createTestUser(deps.db, { organizationId: org.id, roles: ['provider'] })).user);
  }
  return { org, admin, users };
}

const auditActions = (targetId: string) => auditActionsOn(deps.db, targetId);

describe('seed 002 user administration over REST', () => {
  it('lists users in seed 002 shape with X-Total-Count and Link headers', async () => {
    const { admin, users } = await clinic(4);
    const first = await rest.send('get', '/api/admin/users', {
      token: admin.token,
      query: 'page=1&per_page=2',
    });
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(2);
    expect(first.headers.get('x-total-count')).toBe('5');
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('page=2&per_page=2>; rel="next"');
    expect(link).toContain('page=3&per_page=2>; rel="last"');
    expect(link).not.toContain('rel="prev"');
    const last = await rest.send('get', '/api/admin/users', {
      userToken: admin.token,
      query: 'page=3&per_page=2',
    });
    expect(last.body).toHaveLength(1);
    expect(last.headers.get('link')).toContain('page=2&per_page=2>; rel="prev"');
    expect(last.headers.get('link')).not.toContain('rel="next"');

    const all = await rest.send('get', '/api/admin/users', { token: admin.token, query: 'per_page=100' });
    const member = all.body.find((u: { _id: string }) => u._id === users[0]?.id);
    expect(member).toEqual({
      _id: users[0]?.id,
      admin: false,
      agree_license: null,
      approved: expect.any(Boolean),
      company: '',
      company_url: '',
      disabled: false,
      effective_date: null,
      email: users[0]?.email,
      first_name: users[0]?.firstName,
      last_name: users[0]?.lastName,
      npi: '',
      registry_id: '',
      registry_name: '',
      staff_role: false,
      tin: '',
      username: expect.any(String),
    });
    expect(all.text).not.toMatch(/password|hash/i);
  });

  it('401 without a token, 403 for a non-admin, 422 for a bad page or role, 404 across organisations', async () => {
    const a = await clinic();
    const b = await clinic();
    const anonymous = await rest.send('get', '/api/admin/users');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ errors: 'Authentication required' });
    const parent = await signIn({ roles: ['parent'], organizationId: a.org.id });
    expect((await rest.send('get', '/api/admin/users', { token: parent.token })).status).toBe(403);
    const badPage = await rest.send('get', '/api/admin/users', {
      token: a.admin.token,
      query: 'page=x&per_page=0',
    });
    expect(badPage.status).toBe(422);
    expect(Object.keys(badPage.body.errors).sort()).toEqual(['page', 'per_page']);
    const member = a.users[0];
    if (!member) throw new Error('no member');
    const badRole = await rest.send('post', '/api/admin/users/{id}/promote', {
      params: { id: member.id },
      token: a.admin.token,
      body: { role: 'emperor' },
    });
    expect(badRole.status).toBe(422);
    expect(Object.keys(badRole.body.errors)).toEqual(['role']);
    const badNpi = await rest.send('post', '/api/admin/users/{id}/update_npi', {
      params: { id: member.id },
      token: a.admin.token,
      body: { npi: '123' },
    });
    expect(badNpi.status).toBe(422);
    expect(Object.keys(badNpi.body.errors)).toEqual(['npi']);
    for (const action of ['enable', 'disable', 'approve'] as const) {
      const cross = await rest.send('get', `/api/admin/users/{id}/${action}`, {
        params: { id: b.users[0]?.id ?? '' },
        token: a.admin.token,
      });
      expect(cross.status, action).toBe(404);
      expect(cross.body).toEqual({ errors: 'User not found' });
    }
    const crossPromote = await rest.send('post', '/api/admin/users/{id}/promote', {
      params: { id: b.users[0]?.id ?? '' },
      token: a.admin.token,
      body: { role: 'staff_role' },
    });
    expect(crossPromote.status).toBe(404);
  });

  it('promote/demote accept staff_role; disable, enable, approve (GET and POST) and update_npi change the user', async () => {
    const { admin, users } = await clinic();
    const member = users[0];
    if (!member) throw new Error('no member');
    const id = { id: member.id };
    const promoted = await rest.send('post', '/api/admin/users/{id}/promote', {
      params: id,
      token: admin.token,
      body: { role: 'staff_role' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ _id: member.id, staff_role: true });
    const demoted = await rest.send('post', '/api/admin/users/{id}/demote', {
      params: id,
      token: admin.token,
      body: { role: 'staff_role' },
    });
    expect(demoted.body.staff_role).toBe(false);
    const disabled = await rest.send('get', '/api/admin/users/{id}/disable', {
      params: id,
      token: admin.token,
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    const enabled = await rest.send('post', '/api/admin/users/{id}/enable', {
      params: id,
      token: admin.token,
    });
    expect(enabled.body.disabled).toBe(false);
    const pending = (
      await createTestUser(deps.db, { organizationId: member.organizationId, status: 'pending' })
    ).user;
    const listed = await rest.send('get', '/api/admin/users', { token: admin.token, query: 'per_page=100' });
    expect(listed.body.find((u: { _id: string }) => u._id === pending.id)?.approved).toBe(false);
    const approved = await rest.send('get', '/api/admin/users/{id}/approve', {
      params: { id: pending.id },
      token: admin.token,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ _id: pending.id, approved: true, disabled: false });
    const npi = await rest.send('post', '/api/admin/users/{id}/update_npi', {
      params: id,
      token: admin.token,
      body: { npi: '1234567893' },
    });
    expect(npi.status).toBe(200);
    expect(npi.body.npi).toBe('1234567893');
  });

  it('promote and disable leave the same rows and audit events as their tRPC twins', async () => {
    const { admin, users } = await clinic(2);
    const [viaRest, viaTrpc] = users;
    if (!viaRest || !viaTrpc) throw new Error('no users');
    const trpc = async (path: string, input: unknown) => {
      const res = await app.request(`/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify(superjson.serialize(input)),
      });
      expect(res.status).toBe(200);
    };
    const promoted = await rest.send('post', '/api/admin/users/{id}/promote', {
      params: { id: viaRest.id },
      token: admin.token,
      body: { role: 'staff_role' },
    });
    expect(promoted.status).toBe(200);
    await trpc('users.promote', { id: viaTrpc.id, role: 'staff' });
    const disabled = await rest.send('get', '/api/admin/users/{id}/disable', {
      params: { id: viaRest.id },
      token: admin.token,
    });
    expect(disabled.status).toBe(200);
    await trpc('users.disable', { id: viaTrpc.id });

    const rows = await deps.db
      .selectFrom('users')
      .select(['id', 'status', 'roles'])
      .where('id', 'in', [viaRest.id, viaTrpc.id])
      .execute();
    const restRow = rows.find((r) => r.id === viaRest.id);
    const trpcRow = rows.find((r) => r.id === viaTrpc.id);
    expect(restRow?.status).toBe('inactive');
    expect(restRow?.status).toBe(trpcRow?.status);
    expect([...(restRow?.roles ?? [])].sort()).toEqual([...(trpcRow?.roles ?? [])].sort());
    expect(await auditActions(viaRest.id)).toEqual(await auditActions(viaTrpc.id));
    expect((await auditActions(viaRest.id)).length).toBeGreaterThanOrEqual(2);
  });
});
