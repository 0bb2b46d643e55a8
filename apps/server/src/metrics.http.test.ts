import { createTestDeps } from '@praxis/api/testing';
import { createTestUser } from '@praxis/db/testing';
import { createMetrics } from '@praxis/metrics';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { restClient, signInOverRest } from './testing/rest';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';
type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let metrics: ReturnType<typeof createMetrics>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  deps = await createTestDeps({ METRICS_TOKEN });
  metrics = createMetrics('server');
  app = createApp(deps, { metrics, webDist: null });
});
afterAll(() => deps.close());

async function scrape(): Promise<string> {
  const res = await app.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** How many requests the histogram counted for these labels (0 when the series does not exist yet). */
function countOf(text: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find(
    (row) =>
      row.startsWith('praxis_request_duration_seconds_count{') &&
      wanted.every((pair) =>
        row
          .slice(row.indexOf('{') + 1, row.lastIndexOf('}'))
          .split(',')
          .includes(pair),
      ),
  );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

function trpc(path: string, bearer: string | null, input: unknown, method: 'GET' | 'POST' = 'GET') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const encoded = JSON.stringify(superjson.serialize(input));
  return method === 'GET'
    ? app.request(`/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
    : app.request(`/trpc/${path}`, { method, headers, body: encoded });
}

describe('GET /metrics on the API port', () => {
  it('answers only a scraper holding METRICS_TOKEN, in the Prometheus text format', async () => {
    expect((await app.request('/metrics')).status).toBe(401);
    const wrong = await app.request('/metrics', {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);
    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('# TYPE praxis_request_duration_seconds histogram');
  });

  it('is not served at all without a token (a separate METRICS_PORT serves it then)', async () => {
    const config = { ...deps.config, metrics: { ...deps.config.metrics, token: undefined } };
    const open = createApp({ ...deps, config }, { metrics: createMetrics('server'), webDist: null });
    const answer = await open.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(404);
  });
});

describe('request durations', () => {
  it('counts each tRPC procedure by path and status class, each of a batch on its own', async () => {
    const before = await scrape();
    const { user, password } = await createTestUser(deps.db, { roles: ['admin'] });
    const login = await trpc('auth.login', null, { email: user.email, password }, 'POST');
    const body = (await login.json()) as { result: { data: never } };
    const token = superjson.deserialize<{ token: string }>(body.result.data).token;
    await trpc('auth.me', token, undefined);
    await trpc('users.get', token, { id: '00000000-0000-4000-8000-000000000000' });
    await trpc('auth.me', null, undefined);
    const batch = await app.request(
      `/trpc/auth.me,users.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize(undefined), 1: superjson.serialize({}) }))}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(batch.status).toBe(200);

    const after = await scrape();
    const moved = (labels: Record<string, string>) => countOf(after, labels) - countOf(before, labels);
    expect(moved({ transport: 'trpc', route: 'auth.login', method: 'POST', status_class: '2xx' })).toBe(1);
    expect(moved({ transport: 'trpc', route: 'auth.me', status_class: '2xx' })).toBe(2);
    expect(moved({ transport: 'trpc', route: 'auth.me', status_class: '4xx' })).toBe(1);
    expect(moved({ transport: 'trpc', route: 'users.get', status_class: '4xx' })).toBe(1);
    expect(moved({ transport: 'trpc', route: 'users.list', status_class: '2xx' })).toBe(1);
  });

  it('counts REST requests by route pattern, never by the path sent, and carries no personal data', async () => {
    const rest = await restClient(app);
    const { user, token } = await signInOverRest(rest, deps.db, { roles: ['admin'] });
    const before = await scrape();
    expect((await rest.send('get', '/api/users/{id}', { params: { id: user.id }, token })).status).toBe(200);
    expect((await rest.send('get', '/api/users/{id}', { params: { id: user.id } })).status).toBe(401);
    expect((await app.request(`/api/no-such-thing/${user.email}`)).status).toBe(404);

    const after = await scrape();
    const moved = (labels: Record<string, string>) => countOf(after, labels) - countOf(before, labels);
    expect(moved({ transport: 'rest', route: '/api/users/:id', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(moved({ transport: 'rest', route: '/api/users/:id', method: 'GET', status_class: '4xx' })).toBe(1);
    expect(moved({ transport: 'rest', route: 'unmatched', status_class: '4xx' })).toBe(1);
    // No label value names a person, a token or an id: only code-given names.
    for (const secret of [user.id, user.email, token]) expect(after).not.toContain(secret);
    expect(after).not.toMatch(/"[^"]*@[^"]*"/);
    expect(after).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });
});
