import { createTestDeps } from '@praxis/api/testing';
import { generateToken, SESSION_COOKIE, sha256Hex } from '@praxis/auth';
import type { TestUserOptions } from '@praxis/db/testing';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { restClient, signInOverRest } from '../testing/rest';

// Seed 000's REST routes against the real server: every answer is checked against the document
// the server serves (status documented, body matching its schema).
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

const signIn = (options: TestUserOptions = {}) => signInOverRest(rest, deps.db, options);

async function clinic() {
  const org = await createTestOrg(deps.db);
  const admin = await signIn({ roles: ['client_admin'], organizationId: org.id });
  const member = (await createTestUser(deps.db, { organizationId: org.id, roles: ['staff'] })).user;
  return { org, admin, member };
}

const auditActions = async (targetId: string) =>
  (
    await deps.db
      .selectFrom('auditEvents')
      .select(['action', 'actorId', 'organizationId'])
      .where('targetId', '=', targetId)
      .orderBy('createdAt')
      .execute()
  ).map((e) => e.action);

describe('seed 000 sign-in over REST', () => {
  it('signs in, answers the token and the user in seed 000 shape, and signs out', async () => {
    const { user, token } = await signIn({ roles: ['provider', 'admin'] });
    const me = await rest.send('get', '/api/users/{id}', { params: { id: user.id }, token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: user.id,
      email: user.email,
      role: 'admin',
      roles: ['admin', 'provider'],
    });
    expect(me.text).not.toMatch(/password|hash/i);

    const out = await rest.send('post', '/api/auth/logout', { token });
    expect(out.status).toBe(200);
    const after = await rest.send('get', '/api/users/{id}', { params: { id: user.id }, token });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ errors: 'Authentication required' });
  });

  it('with 2FA on, login answers the challenge instead of a token', async () => {
    const { user, password } = await createTestUser(deps.db, { email2faEnabled: true });
    const login = await rest.send('post', '/api/auth/login', { body: { email: user.email, password } });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ two_factor_required: true, user: expect.any(String) });
    const wrong = await rest.send('post', '/api/auth/verify-2fa/', {
      body: { user: login.body.user, code: '12' },
    });
    expect(wrong.status).toBe(422);
    expect(Object.keys(wrong.body.errors)).toEqual(['code']);
  });

  it('bad credentials are 401, a malformed body is 422 by request field, repeated failures 429 with Retry-After', async () => {
    const { user } = await createTestUser(deps.db);
    const bad = await rest.send('post', '/api/auth/login', {
      body: { email: user.email, password: 'wrong one' },
    });
    expect(bad.status).toBe(401);
    const malformed = await rest.send('post', '/api/auth/login', { body: { email: 3 } });
    expect(malformed.status).toBe(422);
    expect(Object.keys(malformed.body.errors).sort()).toEqual(['email', 'password']);
    for (const rawBody of ['', '{not json', '[]', 'null']) {
      const broken = await rest.send('post', '/api/auth/login', { rawBody });
      expect(broken.status, rawBody).toBe(422);
    }
    let last = bad;
    for (let i = 0; i < 12 && last.status !== 429; i++) {
      last = await rest.send('post', '/api/auth/login', {
        body: { email: user.email, password: 'wrong one' },
      });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('password change names the request fields in 422; reset answers 200 for any address', async () => {
    const { token } = await signIn();
    const weak = await rest.send('post', '/api/auth/password/change/', {
      token,
      body: { old_password: 'x', new_password: 'short' },
    });
    expect(weak.status).toBe(422);
    expect(Object.keys(weak.body.errors)).toContain('new_password');
    const reset = await rest.send('post', '/api/auth/password/reset/', {
      body: { email: 'nobody-here@example.test' },
    });
    expect(reset.status).toBe(200);
    const confirm = await rest.send('post', '/api/auth/password/reset/confirm/', {
      body: { token: 'x'.repeat(40), password: 'a long enough password 1' },
    });
    expect([401, 422]).toContain(confirm.status);
  });

  it('a mailed reset token sets the password the client then signs in with', async () => {
    const { user } = await createTestUser(deps.db);
    const resetToken = generateToken();
    await deps.db
      .insertInto('passwordResetTokens')
      .values({
        userId: user.id,
        tokenHash: sha256Hex(resetToken),
        purpose: 'reset',
        expiresAt: new Date(Date.now() + 3_600_000),
      })
      .execute();
    const password = 'a brand new long password 7';
    const confirm = await rest.send('post', '/api/auth/password/reset/confirm/', {
      body: { token: resetToken, password },
    });
    expect(confirm.status).toBe(200);
    const login = await rest.send('post', '/api/auth/login', { body: { email: user.email, password } });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
    const reused = await rest.send('post', '/api/auth/password/reset/confirm/', {
      body: { token: resetToken, password },
    });
    expect(reused.status).toBeGreaterThanOrEqual(400);
  });
});

describe('seed 000 users over REST', () => {
  it('a client admin lists, searches and pages the users of their organisation', async () => {
    const { admin, member } = await clinic();
    const list = await rest.send('get', '/api/users', { token: admin.token, query: 'page=1&per_page=1' });
    expect(list.status).toBe(200);
    expect(list.body.users).toHaveLength(1);
    expect(list.body.meta).toMatchObject({ page: 1, page_size: 1, total: 2, total_pages: 2 });
    const found = await rest.send('get', '/api/users/search/', {
      userToken: admin.token,
      query: `search=${encodeURIComponent(member.lastName)}`,
    });
    expect(found.body.users.map((u: { id: string }) => u.id)).toEqual([member.id]);
    const active = await rest.send('get', '/api/users/active/', {
      token: admin.token,
      query: 'page_size=50',
    });
    expect(active.status).toBe(200);
    expect(active.body.users.every((u: { is_active: boolean }) => u.is_active)).toBe(true);
  });

  it('another organisation’s user is 404; a staff member may not list (403); bad query is 422', async () => {
    const a = await clinic();
    const b = await clinic();
    const cross = await rest.send('get', '/api/users/{id}', {
      params: { id: b.member.id },
      token: a.admin.token,
    });
    expect(cross.status).toBe(404);
    expect(cross.body).toEqual({ errors: 'User not found' });
    const crossPut = await rest.send('put', '/api/users/{id}', {
      params: { id: b.member.id },
      token: a.admin.token,
      body: { first_name: 'X' },
    });
    expect(crossPut.status).toBe(404);
    const staff = await signIn({ roles: ['parent'], organizationId: a.org.id });
    const forbidden = await rest.send('get', '/api/users', { token: staff.token });
    expect(forbidden.status).toBe(403);
    const badQuery = await rest.send('get', '/api/users', {
      token: a.admin.token,
      query: 'page=0&page_size=abc',
    });
    expect(badQuery.status).toBe(422);
    expect(Object.keys(badQuery.body.errors).sort()).toEqual(['page', 'page_size']);
  });

  it('a user who must change their password or enrol in 2FA gets 403 with the reason', async () => {
    const org = await createTestOrg(deps.db, { requireTwoFactor: true });
    const enrol = await signIn({ roles: ['client_admin'], organizationId: org.id });
    const gated = await rest.send('get', '/api/users', { token: enrol.token });
    expect(gated.status).toBe(403);
    expect(gated.body).toEqual({
      errors: 'Turn on two-factor authentication to continue',
      reason: 'TWO_FACTOR_ENROLLMENT_REQUIRED',
    });
    const change = await signIn({ roles: ['admin'], firstTimeLogin: true });
    const mustChange = await rest.send('get', '/api/users', { token: change.token });
    expect(mustChange.status).toBe(403);
    expect(mustChange.body).toMatchObject({ reason: 'PASSWORD_CHANGE_REQUIRED' });
  });

  it('PUT updates with snake_case fields and answers 422/409 by request field', async () => {
    const { org, admin, member } = await clinic();
    const put = await rest.send('put', '/api/users/{id}', {
      params: { id: member.id },
      token: admin.token,
      body: { first_name: 'Renamed', phone_number: '+1 555 0100', location: ['North'] },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      first_name: 'Renamed',
      phone_number: '+1 555 0100',
      location: ['North'],
    });
    const invalid = await rest.send('put', '/api/users/{id}', {
      params: { id: member.id },
      token: admin.token,
      body: { first_name: 'x'.repeat(500), provider_signature_url: 'not a url' },
    });
    expect(invalid.status).toBe(422);
    expect(Object.keys(invalid.body.errors).sort()).toEqual(['first_name', 'provider_signature_url']);
    const other = (await createTestUser(deps.db, { organizationId: org.id })).user;
    const taken = await rest.send('put', '/api/users/{id}', {
      params: { id: member.id },
      token: admin.token,
      body: { email: other.email },
    });
    expect(taken.status).toBe(409);
    expect(Object.keys(taken.body.errors)).toEqual(['email']);
  });

  it('DELETE deactivates and archive archives, leaving the same rows and audit events as their tRPC twins', async () => {
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

    const deleted = await rest.send('delete', '/api/users/{id}', {
      params: { id: viaRest.id },
      token: admin.token,
    });
    expect(deleted.body).toMatchObject({ id: viaRest.id, is_active: false });
    await trpc('users.disable', { id: viaTrpc.id });
    const archived = await rest.send('post', '/api/user/archive/{id}/', {
      params: { id: viaRest.id },
      token: admin.token,
    });
    expect(archived.body).toMatchObject({ id: viaRest.id, is_deleted: true });
    await trpc('users.archive', { id: viaTrpc.id });

    const rows = await deps.db
      .selectFrom('users')
      .select(['id', 'status', 'archivedAt'])
      .where('id', 'in', [viaRest.id, viaTrpc.id])
      .execute();
    const restRow = rows.find((r) => r.id === viaRest.id);
    const trpcRow = rows.find((r) => r.id === viaTrpc.id);
    expect(restRow?.status).toBe(trpcRow?.status);
    expect(restRow?.archivedAt === null).toBe(trpcRow?.archivedAt === null);
    expect(await auditActions(viaRest.id)).toEqual(await auditActions(viaTrpc.id));
    expect((await auditActions(viaRest.id)).length).toBeGreaterThan(0);
  });
});

describe('the REST surface', () => {
  it('never authenticates by the session cookie', async () => {
    const { user, token } = await signIn({ roles: ['admin'] });
    const res = await rest.send('get', '/api/users/{id}', {
      params: { id: user.id },
      cookie: `${SESSION_COOKIE}=${token}`,
    });
    expect(res.status).toBe(401);
  });

  it('unknown paths under /api and /v1 answer JSON 404, not the web app', async () => {
    for (const path of ['/api/nope', '/api/users/x/y/z', '/v1/anything']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.json()).toEqual({ errors: 'Not found' });
    }
  });

  it('serves the OpenAPI 3.1 document with uuid ids and the docs page from our own origin only', async () => {
    expect(rest.document).toMatchObject({ openapi: '3.1.0' });
    const page = await app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).toMatch(/^\/api\/docs\//);
      const asset = await app.request(url ?? '');
      expect(asset.status).toBe(200);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });
});
