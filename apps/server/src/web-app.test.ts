import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDeps } from '@praxis/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { NON_APP_PREFIXES } from './web-app';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let dist: string;
let app: ReturnType<typeof createApp>;
const INDEX = '<!doctype html><title>Praxis</title><div id="root"></div>';
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

beforeAll(async () => {
  // A build's shape (index.html, hashed assets, a plain public file), written by the test.
  dist = mkdtempSync(join(tmpdir(), 'praxis-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-Ef56Gh78.css'), 'body{}');
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *');
  deps = await createTestDeps();
  app = createApp(deps, { webDist: dist });
});
afterAll(async () => {
  await deps.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('serves hashed assets as immutable for a year, with their content type', async () => {
    const js = await app.request('/assets/index-Ab12Cd34.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const css = await app.request('/assets/index-Ef56Gh78.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves index.html at / and for app routes, never cached without revalidation', async () => {
    for (const path of [
      '/',
      '/sign-in',
      '/users/0190a8a4-5b6e-7c3d-8e9f-0a1b2c3d4e5f',
      '/reset-password?token=x',
    ]) {
      const res = await app.request(path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('serves plain public files revalidated, not immutable', async () => {
    const res = await app.request('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a missing asset with 404, not the app', async () => {
    const res = await app.request('/assets/index-gone.js', { headers: html });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('keeps the JSON 404 for API and realtime prefixes, even for a browser navigation', async () => {
    for (const prefix of NON_APP_PREFIXES) {
      const res = await app.request(`${prefix}/no-such-thing`, { headers: html });
      // Their own 404s (tRPC's error for /trpc, the JSON one elsewhere), never the app's HTML.
      expect(res.status, prefix).toBe(404);
      expect(res.headers.get('content-type'), prefix).toContain('application/json');
      expect(await res.text(), prefix).not.toContain('<div id="root">');
    }
    expect(await (await app.request('/health', { headers: html })).json()).toEqual({ status: 'ok' });
  });

  it('gives the fallback only to GET/HEAD navigations that accept HTML', async () => {
    expect((await app.request('/sign-in', { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await app.request('/sign-in', { method: 'POST', headers: html })).status).toBe(404);
    const head = await app.request('/sign-in', { method: 'HEAD', headers: html });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves files outside the build', async () => {
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
    }
  });

  it('serves the API only when there is no build', async () => {
    const apiOnly = createApp(deps, { webDist: join(dist, 'missing') });
    expect((await apiOnly.request('/sign-in', { headers: html })).status).toBe(404);
  });
});
