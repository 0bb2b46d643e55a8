import { createTestDeps } from '@praxis/api/testing';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';

// Random bodies, query strings and path params on every route of the served document, signed in
// as a client admin or not at all: the answer may be any 2xx/4xx, never a 5xx.
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let app: ReturnType<typeof createApp>;
let token: string;
let memberId: string;
let operations: { method: string; path: string }[];
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps, { webDist: null });
  const org = await createTestOrg(deps.db);
  const { user } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId: org.id });
  memberId = (await createTestUser(deps.db, { organizationId: org.id })).user.id;
  token = (await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' })).token;
  const document = (await (await app.request('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method, path })),
  );
});
afterAll(() => deps.close());

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const fieldNames = fc.constantFrom(
  'email',
  'password',
  'user',
  'code',
  'old_password',
  'new_password',
  'token',
  'first_name',
  'phone_number',
  'organization',
  'location',
  'page',
  'search',
  'role',
  'npi',
  'id',
  'name',
  'therapist_user_id',
  'userId',
  'emailid',
  'address',
  'orgid',
  'is_org_admin',
);
const body = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v)),
  fc.dictionary(fieldNames, jsonValue).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 50 }),
);
const query = fc
  .array(fc.tuple(fc.oneof(fieldNames, fc.constantFrom('page_size', 'per_page'), fc.string()), fc.string()), {
    maxLength: 4,
  })
  .map((pairs) => new URLSearchParams(pairs).toString());
const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constant('member'));

it('no REST route answers 5xx to random input', async () => {
  expect(operations.length).toBeGreaterThan(5);
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 1000 }),
      body,
      query,
      id,
      fc.boolean(),
      async (pick, rawBody, search, rawId, signedIn) => {
        const operation = operations[pick % operations.length];
        if (!operation) return;
        const idValue = rawId === 'member' ? memberId : rawId;
        const path = operation.path.replace(/\{[^}]+\}/g, encodeURIComponent(idValue) || 'x');
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        // Signing out would end the session the other runs use.
        if (signedIn && !path.endsWith('/logout')) headers.authorization = `Bearer ${token}`;
        const method = operation.method.toUpperCase();
        const res = await app.request(`${path}?${search}`, {
          method,
          headers,
          ...(method === 'GET' ? {} : { body: rawBody }),
        });
        const text = await res.text();
        expect(res.status, `${method} ${path}?${search} ${rawBody} → ${text}`).toBeLessThan(500);
        // A 204 (seed 001's "no organisations") has no body; every other answer is JSON.
        if (res.status !== 204) expect(() => JSON.parse(text)).not.toThrow();
      },
    ),
    { numRuns: 300 },
  );
}, 120_000);
