import { createTestDeps } from '@praxis/api/testing';
import { createDb } from '@praxis/db';
import { createTestUser, databaseUrlFor } from '@praxis/db/testing';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps);
});
afterAll(() => deps.close());

const trpcPost = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: body }),
  });

async function sessionCookie() {
  const { user, password } = await createTestUser(deps.db);
  const res = await trpcPost('auth.login', { email: user.email, password });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('health', () => {
  it('/health answers while the process is up; /ready when Postgres and Redis answer', async () => {
    expect(await (await app.request('/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.request('/ready');
    expect(ready.status).toBe(200);
  });

  it('/ready is 503 and names Redis when Redis is unreachable', async () => {
    const offline = await createTestDeps({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await createApp(offline).request('/ready');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', failing: ['redis'] });
    } finally {
      await offline.close();
    }
  });
});

describe('CORS', () => {
  it('lets the app origin call with credentials and read the request id; other origins get no grant', async () => {
    const appOrigin = new URL(deps.config.appUrl).origin;
    const preflight = await app.request('/trpc/users.list', {
      method: 'OPTIONS',
      headers: { origin: appOrigin, 'access-control-request-headers': 'content-type,x-trpc-source' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,x-trpc-source');

    const answer = await app.request('/trpc/auth.me', { headers: { origin: appOrigin } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(answer.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');

    const foreign = { origin: 'https://evil.example' };
    const foreignPreflight = await app.request('/trpc/users.list', { method: 'OPTIONS', headers: foreign });
    expect(foreignPreflight.headers.get('access-control-allow-origin')).toBeNull();
    const foreignAnswer = await app.request('/trpc/auth.me', { headers: foreign });
    expect(foreignAnswer.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreignAnswer.headers.get('vary')).toContain('Origin');
  });
});

describe('CSRF', () => {
  it('refuses a cookie-carrying mutation from a foreign origin', async () => {
    const cookie = await sessionCookie();
    const res = await trpcPost('auth.logoutAll', {}, { cookie, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const crossSite = await trpcPost('auth.logoutAll', {}, { cookie, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const me = await app.request('/trpc/auth.me', { headers: { cookie } });
    expect(me.status).toBe(200);
  });

  it('lets the app origin and bearer clients through', async () => {
    const cookie = await sessionCookie();
    const sameOrigin = await trpcPost('auth.logout', {}, { cookie, origin: 'http://app.test' });
    expect(sameOrigin.status).toBe(200);
    const { user, password } = await createTestUser(deps.db);
    const login = await trpcPost('auth.login', { email: user.email, password });
    const { token } = ((await login.json()) as { result: { data: { json: { token: string } } } }).result.data
      .json;
    const bearer = await trpcPost(
      'auth.logout',
      {},
      { authorization: `Bearer ${token}`, origin: 'https://other.example' },
    );
    expect(bearer.status).toBe(200);
  });
});

describe('errors', () => {
  it('a production error body has a request id but no stack and no SQL', async () => {
    const broken = await createDb({ databaseUrl: databaseUrlFor('praxis_no_such_database') });
    const logLines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logLines.push(line) });
    const prod = createApp({
      ...deps,
      db: broken.db,
      logger,
      config: { ...deps.config, isProduction: true, nodeEnv: 'production' },
    });
    const res = await prod.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'someone@example.test', password: 'whatever-password' } }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/stack|\bat \w+ \(|select|from "|Pool|kysely/i);
    const body = JSON.parse(text) as { error: { json: { message: string; data: { requestId: string } } } };
    const requestId = res.headers.get('x-request-id') ?? '';
    expect(body.error.json.data.requestId).toBe(requestId);
    expect(body.error.json.message).toContain(requestId);
    expect(logLines.join('\n')).toContain(requestId);
    await broken.close();
  });

  it('a database outage outside tRPC is a 503 SERVICE_UNAVAILABLE, not a 500', async () => {
    const unreachable = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/praxis' });
    const withProbe = createApp(deps);
    // Any route of the app: /ready catches its own errors, so a probe route makes one escape.
    withProbe.get('/outage-probe', async (c) => c.json((await sql`select 1`.execute(unreachable.db)).rows));
    const res = await withProbe.request('/outage-probe');
    await unreachable.close();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database is temporarily unavailable. Try again shortly.',
        requestId: res.headers.get('x-request-id'),
      },
    });
  });

  it('bad input is a 400 with field errors', async () => {
    const res = await trpcPost('auth.login', { email: 42, password: ['x'] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { json: { data: { code: string; fieldErrors: Record<string, string[]> } } };
    };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(body.error.json.data.fieldErrors).sort()).toEqual(['email', 'password']);
  });
});

describe('request bodies', () => {
  const overLimit = JSON.stringify({
    json: { email: 'someone@example.test', password: 'x'.repeat(1024 * 1024) },
  });

  it('over 1 MiB are refused with 413 on /trpc and on the REST surface, with or without a length', async () => {
    const declared = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(overLimit.length) },
      body: overLimit,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body over 1 MiB' },
    });
    // No Content-Length: the body is read and counted until it passes the limit.
    const streamed = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([overLimit]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ errors: 'Request body over 1 MiB' });
  });

  it('under the limit reach the procedure; GET requests are not held to it', async () => {
    const res = await trpcPost('auth.login', { email: 'nobody@example.test', password: 'y'.repeat(1000) });
    expect(res.status).toBe(401);
    const cookie = await sessionCookie();
    const me = await app.request('/trpc/auth.me', { headers: { cookie } });
    expect(me.status).toBe(200);
  });
});
