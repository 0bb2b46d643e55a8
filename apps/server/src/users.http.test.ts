import { createTestDeps } from '@praxis/api/testing';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';

// The users procedures as a web client sees them: over HTTP, through the transformer, with the
// tRPC error shape. The service rules themselves are tested in packages/api.
type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps);
});
afterAll(() => deps.close());

interface Answer<T> {
  status: number;
  text: string;
  data?: T;
  error?: { code: string; httpStatus: number; fieldErrors?: Record<string, string[]> };
}

async function call<T>(
  bearer: string | null,
  method: 'GET' | 'POST',
  path: string,
  input?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const encoded = JSON.stringify(superjson.serialize(input));
  const res =
    method === 'GET'
      ? await app.request(`/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await app.request(`/trpc/${path}`, { method, headers, body: encoded });
  const text = await res.text();
  const body = JSON.parse(text) as { result?: { data: never }; error?: { json: { data: never } } };
  return {
    status: res.status,
    text,
    ...(body.result ? { data: superjson.deserialize<T>(body.result.data) } : {}),
    ...(body.error ? { error: body.error.json.data } : {}),
  };
}

async function signIn(roles: Parameters<typeof createTestUser>[1] = {}) {
  const { user, password } = await createTestUser(deps.db, roles);
  const login = await call<{ token: string }>(null, 'POST', 'auth.login', { email: user.email, password });
  return { user, token: login.data?.token ?? '' };
}

interface ListedUser {
  id: string;
  email: string;
  createdAt: Date;
  lastActivity: Date | null;
  organization: { id: string; name: string } | null;
}
interface UserList {
  items: ListedUser[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

describe('users over HTTP', () => {
  it('an admin creates, finds and pages users; dates arrive as Dates and no secret is on the wire', async () => {
    const admin = await signIn({ roles: ['admin'] });
    const org = await createTestOrg(deps.db);
    const marker = `wire${Date.now()}`;
    for (const n of [1, 2, 3]) {
      const created = await call<ListedUser>(admin.token, 'POST', 'users.create', {
        email: `${marker}-${n}@example.test`,
        firstName: 'Wire',
        lastName: `${marker}${n}`,
        roles: ['staff'],
        organizationId: org.id,
        password: 'a long enough password 1',
      });
      expect(created.status).toBe(200);
      expect(created.data?.organization).toEqual({ id: org.id, name: org.name });
    }

    const first = await call<UserList>(admin.token, 'GET', 'users.list', {
      search: marker,
      pageSize: 2,
      sortBy: 'email',
      sortDir: 'ASC',
    });
    expect(first.status).toBe(200);
    expect(first.data?.items.map((user) => user.email)).toEqual([
      `${marker}-1@example.test`,
      `${marker}-2@example.test`,
    ]);
    expect(first.data?.total).toBe(3);
    expect(first.data?.totalExact).toBe(true);
    expect(first.data?.items[0]?.createdAt).toBeInstanceOf(Date);
    expect(first.text).not.toMatch(/password|hash|\$argon2/i);

    const next = await call<UserList>(admin.token, 'GET', 'users.list', {
      search: marker,
      pageSize: 2,
      sortBy: 'email',
      sortDir: 'asc',
      cursor: first.data?.nextCursor,
    });
    expect(next.data?.items.map((user) => user.email)).toEqual([`${marker}-3@example.test`]);
    expect(next.data?.nextCursor).toBeNull();
  });

  it('bad input is a 400 with field errors on the fields at fault', async () => {
    const admin = await signIn({ roles: ['admin'] });
    const bad = await call(admin.token, 'GET', 'users.list', {
      sortBy: 'passwordHash',
      pageSize: 100_000,
      page: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.error?.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.error?.fieldErrors ?? {}).sort()).toEqual(['page', 'pageSize', 'sortBy']);

    const duplicate = await call(admin.token, 'POST', 'users.create', {
      email: admin.user.email,
      firstName: 'Same',
      lastName: 'Email',
      roles: ['staff'],
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.error?.fieldErrors?.email).toBeDefined();
  });

  it('answers 401 signed out, 403 for a role without access, 404 for another organisation', async () => {
    const org = await createTestOrg(deps.db);
    const other = await createTestOrg(deps.db);
    const stranger = await createTestUser(deps.db, { organizationId: other.id });
    const clientAdmin = await signIn({ roles: ['client_admin'], organizationId: org.id });
    const staff = await signIn({ roles: ['staff'], organizationId: org.id });

    expect((await call(null, 'GET', 'users.list', {})).status).toBe(401);
    const forbidden = await call(staff.token, 'GET', 'users.list', {});
    expect([forbidden.status, forbidden.error?.code]).toEqual([403, 'FORBIDDEN']);
    const hidden = await call(clientAdmin.token, 'GET', 'users.get', { id: stranger.user.id });
    expect([hidden.status, hidden.error?.code]).toEqual([404, 'NOT_FOUND']);
    const own = await call<ListedUser>(clientAdmin.token, 'GET', 'users.get', { id: staff.user.id });
    expect(own.data?.id).toBe(staff.user.id);
  });
});
