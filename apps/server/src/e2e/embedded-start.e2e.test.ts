import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AppProcess,
  randomSuffix,
  startAppProcess,
  testRedisPrefix,
  testRedisUrl,
} from '@praxis/vitest';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'praxis-embedded-'));
let server: AppProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pnpm start without DATABASE_URL', () => {
  it('runs on embedded PGlite and signs the bootstrap admin in', async () => {
    server = await startAppProcess(
      'server',
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
      result: { data: { json: { status: string; user: { roles: string[] } } } };
    };
    expect(body.result.data.json.status).toBe('authenticated');
    expect(body.result.data.json.user.roles).toEqual(['admin']);
    expect(await (await fetch(`http://127.0.0.1:${port}/ready`)).json()).toMatchObject({ status: 'ready' });
  });

  it('shuts down cleanly on SIGTERM', async () => {
    expect(await server?.stop('SIGTERM')).toBe(0);
    expect(server?.output()).toMatch(/shutting down/);
  });
});
