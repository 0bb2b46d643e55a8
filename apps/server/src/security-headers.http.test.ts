import { loadConfig } from '@praxis/config';
import { workerDatabase } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { SECURITY_HEADERS } from './middleware/security-headers';
import { startServer } from './start-server';

// The hardening headers on every kind of answer, as a browser gets them from the real server
// (Node writes them) and from the app alone (`app.request`, where Hono sets them).

let server: Awaited<ReturnType<typeof startServer>>;
let base: string;

beforeAll(async () => {
  const { url } = await workerDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: `${testRedisPrefix()}-headers`,
    APP_URL: 'http://app.test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  server = await startServer(config, pino({ level: 'silent' }));
  base = `http://127.0.0.1:${server.port}`;
}, 60_000);

afterAll(() => server?.close());

const ANSWERS: [string, string, RequestInit?][] = [
  ['health', '/health'],
  ['a query refused (401)', '/trpc/auth.me'],
  [
    'a mutation with bad input (400)',
    '/trpc/auth.login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 1 } }),
    },
  ],
  ['a CORS preflight (204)', '/trpc/auth.me', { method: 'OPTIONS', headers: { origin: 'http://app.test' } }],
  ['a REST query refused (401)', '/api/organizations/'],
  ['no such route (404)', '/no/such/route'],
];

function expectSecurityHeaders(headers: Headers) {
  for (const [name, value] of SECURITY_HEADERS) expect(headers.get(name), name).toBe(value);
  expect(headers.get('x-powered-by')).toBeNull();
}

describe('security headers', () => {
  it.each(ANSWERS)('are on %s over HTTP, once each', async (_label, path, init) => {
    const res = await fetch(`${base}${path}`, init);
    await res.arrayBuffer();
    if (path === '/api/organizations/') expect(res.status).toBe(401);
    expectSecurityHeaders(res.headers);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('are on the answers of the app alone (no Node response under it)', async () => {
    const app = createApp(server.deps, { webDist: null });
    for (const [label, path, init] of ANSWERS) {
      const res = await app.request(path, init);
      expect(res.status, label).toBeGreaterThanOrEqual(200);
      expectSecurityHeaders(res.headers);
    }
  });
});
