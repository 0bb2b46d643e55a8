import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomSuffix } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import type { AppProcess } from '@praxis/worker/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startServerAppProcess } from '../testing';

const dataDir = mkdtempSync(join(tmpdir(), 'praxis-embedded-'));
let server: AppProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pnpm start without DATABASE_URL', () => {
  it('runs on embedded PGlite and signs the bootstrap admin in', async () => {
    server = await startServerAppProcess(
      {
        NODE_ENV: 'development',
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        REDIS_URL: testRedisUrl,
        REDIS_PREFIX: `${testRedisPrefix()}-pglite${randomSuffix()}`,
        ADMIN_EMAIL: 'First.Admin@Example.test',
        ADMIN_PASSWORD: 'bootstrap passphrase',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      { readyPattern: /server listening/, timeoutMs: 60_000 },
    );
    expect(server.output()).toMatch(/"driver":"pglite"/);
    const port = Number(/"port":(\d+)/.exec(server.output())?.[1]);
    const res = await fetch(`http://127.0.0.1:${port}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: 'first.admin@example.test', password: 'bootstrap passphrase' } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      result: { data: { json: { status: string; token: string; user: { roles: string[] } } } };
    };
    expect(body.result.data.json.status).toBe('authenticated');
    expect(body.result.data.json.user.roles).toEqual(['admin']);
    expect(await (await fetch(`http://127.0.0.1:${port}/ready`)).json()).toMatchObject({ status: 'ready' });

    // The lists lean on Postgres features (trigram search, planner estimates): the embedded
    // database must answer them too.
    const query = async (procedure: string, input: unknown) => {
      const url = `http://127.0.0.1:${port}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
      const answer = await fetch(url, {
        headers: { authorization: `Bearer ${body.result.data.json.token}` },
      });
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { result: { data: { json: Record<string, unknown> } } }).result.data
        .json;
    };
    const listed = await query('users.list', {
      search: 'T.ADMIN@',
      filters: { roles: ['admin'], status: ['active'] },
      sortBy: 'lastActivity',
    });
    expect(listed).toMatchObject({
      total: 1,
      totalExact: true,
      items: [{ email: 'first.admin@example.test' }],
    });
    expect(await query('users.list', { search: 'nobody-by-this-name' })).toMatchObject({
      total: 0,
      items: [],
    });
    expect(await query('dashboard.summary', undefined)).toMatchObject({ totalUsers: 1 });
    const audit = await query('audit.list', { action: 'auth.*' });
    expect(audit.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'auth.login' })]));
  });

  it('starts without SECRETS_KEY, warning once that the development key stands in', () => {
    const warnings = server?.output().match(/SECRETS_KEY is not set: using the public development key/g);
    expect(warnings).toHaveLength(1);
  });

  it('prunes the audit log itself, as no other process can open the embedded database', async () => {
    await vi.waitFor(
      () => expect(server?.output()).toMatch(/audit retention: removed \d+ events older than 365 days/),
      {
        timeout: 10_000,
      },
    );
    expect(server?.output()).toMatch(/audit retention runs in the server \(embedded database\)/);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    expect(await server?.stop('SIGTERM')).toBe(0);
    expect(server?.output()).toMatch(/shutting down/);
  });
});
