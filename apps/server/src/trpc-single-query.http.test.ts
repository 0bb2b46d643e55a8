import { appRouter } from '@praxis/api';
import { contextFor, createTestDeps } from '@praxis/api/testing';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { answerSingleQuery } from './trpc-single-query';

// A GET query is answered without tRPC's adapter (trpc-single-query.ts): every answer it gives
// must be the adapter's, byte for byte. Each request goes to an app with that path and to one
// without it (the adapter alone), with the same request id, and the two answers are compared.
type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let app: ReturnType<typeof createApp>;
let reference: ReturnType<typeof createApp>;
let admin: { token: string; cookie: string };
let staff: { token: string };
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps, { webDist: null });
  reference = createApp(deps, { webDist: null, singleQueries: false });
  const org = await createTestOrg(deps.db);
  admin = await signIn(['admin']);
  staff = await signIn(['staff'], org.id);
  // Users with dates of every kind, so that answers carry superjson's meta.
  await createTestUser(deps.db, {
    roles: ['staff'],
    organizationId: org.id,
    lastLoginAt: new Date('2026-01-02T03:04:05.678Z'),
  });
});
afterAll(() => deps.close());

async function signIn(
  roles: NonNullable<Parameters<typeof createTestUser>[1]>['roles'],
  organizationId?: string,
) {
  const { user, password } = await createTestUser(deps.db, {
    roles,
    ...(organizationId && { organizationId }),
  });
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(superjson.serialize({ email: user.email, password })),
  });
  const body = (await res.json()) as { result: { data: { json: { token: string } } } };
  return {
    token: body.result.data.json.token,
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
  };
}

const query = (path: string, input?: unknown) =>
  input === undefined
    ? `/trpc/${path}`
    : `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;

const batchOfOne = (path: string, input?: unknown) =>
  `/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify(input === undefined ? {} : { 0: superjson.serialize(input) }))}`;

let requestCount = 0;
async function bothAnswers(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const sent = { ...headers, 'x-request-id': `single-query-${++requestCount}` };
  const [fast, slow] = await Promise.all([
    app.request(url, { method, headers: sent }),
    reference.request(url, { method, headers: sent }),
  ]);
  const answer = async (res: Response) => ({
    status: res.status,
    headers: [...res.headers].filter(([name]) => name !== 'date'),
    body: await res.text(),
  });
  return { fast: await answer(fast), slow: await answer(slow) };
}

/** Whether the single-query path answers this request itself (not handing it to tRPC's adapter). */
async function answeredItself(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const path = new URL(url, 'http://praxis.test').pathname.slice('/trpc/'.length);
  const answer = await answerSingleQuery(new Request(`http://praxis.test${url}`, { method, headers }), path, {
    router: appRouter,
    createContext: () => contextFor(deps).ctx,
    onError: () => {},
  });
  return answer !== undefined;
}

describe('a GET query answered without the adapter', () => {
  const bearer = () => ({ authorization: `Bearer ${admin.token}` });
  const cases: [string, () => [string, Record<string, string>]][] = [
    ['the signed-in user', () => [query('auth.me'), bearer()]],
    ['the signed-in user by the session cookie', () => [query('auth.me'), { cookie: admin.cookie }]],
    ['no credentials (401)', () => [query('auth.me'), {}]],
    [
      'a cookie of no session (401, the cookie blanked)',
      () => [query('auth.me'), { cookie: 'session=nope' }],
    ],
    [
      'a page of users with dates',
      () => [query('users.list', { pageSize: 5, sortBy: 'createdAt', sortDir: 'desc' }), bearer()],
    ],
    ['a search', () => [query('users.list', { search: 'user', pageSize: 3 }), bearer()]],
    [
      'input with field errors (400)',
      () => [query('users.list', { pageSize: 100_000, sortBy: 'passwordHash' }), bearer()],
    ],
    ['input that is not JSON (400)', () => ['/trpc/users.list?input=%7Bnot-json', bearer()]],
    ['input that is not superjson', () => ['/trpc/users.list?input=5', bearer()]],
    ['no input where one is needed', () => [query('users.get'), bearer()]],
    [
      'a right the caller lacks (403)',
      () => [query('users.list', { pageSize: 5 }), { authorization: `Bearer ${staff.token}` }],
    ],
    [
      'a JSON content type',
      () => [query('auth.me'), { ...bearer(), 'content-type': 'application/json; charset=utf-8' }],
    ],
    ['a batch of one, as the web app sends it', () => [batchOfOne('users.list', { pageSize: 5 }), bearer()]],
    ['a batch of one without input', () => [batchOfOne('auth.me'), bearer()]],
    ['a batch of one with field errors (400)', () => [batchOfOne('users.list', { pageSize: 0 }), bearer()]],
    [
      'a batch of one whose input is not an object (400)',
      () => ['/trpc/users.list?batch=1&input=5', bearer()],
    ],
    ['a batch of one unauthenticated (401)', () => [batchOfOne('users.list', { pageSize: 5 }), {}]],
  ];

  it.each(cases)('%s: the adapter’s answer', async (_, request) => {
    const [url, headers] = request();
    expect(await answeredItself(url, headers)).toBe(true);
    const { fast, slow } = await bothAnswers(url, headers);
    expect(fast).toEqual(slow);
  });

  it('the signed-in user is answered with the user, and a list with its Dates as superjson meta', async () => {
    const { fast } = await bothAnswers(query('users.list', { pageSize: 5 }), bearer());
    expect(fast.status).toBe(200);
    const list = superjson.deserialize<{ items: { createdAt: Date }[] }>(JSON.parse(fast.body).result.data);
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items[0]?.createdAt).toBeInstanceOf(Date);
  });

  const handedOn: [string, () => [string, Record<string, string>, string?]][] = [
    ['a batch of two', () => [`/trpc/auth.me,auth.me?batch=1`, bearer()]],
    ['a mutation by GET (405)', () => [query('auth.logout'), bearer()]],
    ['an unknown procedure (404)', () => [query('users.nothing'), bearer()]],
    ['a prototype key as a path', () => [query('constructor'), bearer()]],
    ['an encoded path', () => ['/trpc/auth%2Eme', bearer()]],
    ['a streaming request', () => [query('auth.me'), { ...bearer(), 'trpc-accept': 'application/jsonl' }]],
    [
      'another content type',
      () => [query('auth.me'), { ...bearer(), 'content-type': 'application/octet-stream' }],
    ],
    ['HEAD', () => [query('auth.me'), bearer(), 'HEAD']],
  ];

  it.each(handedOn)('%s is handed to the adapter, with the same answer', async (_, request) => {
    const [url, headers, method = 'GET'] = request();
    expect(await answeredItself(url, headers, method)).toBe(false);
    const { fast, slow } = await bothAnswers(url, headers, method);
    expect(fast).toEqual(slow);
  });
});
