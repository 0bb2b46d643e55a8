import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomSuffix } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectPresence, type ServerProcess, startServerProcess } from '../testing';

// Without DATABASE_URL the server holds an embedded database no other process can open: it runs
// the presence sweeper itself and saves last activity there.
const dataDir = mkdtempSync(join(tmpdir(), 'praxis-rt-embedded-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.process.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function trpc(port: number, path: string, init: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`http://127.0.0.1:${port}/trpc/${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify({ json: init.body }) }),
  });
  return (await response.json()) as { result: { data: { json: Record<string, unknown> } } };
}

describe('presence on the embedded database', () => {
  it('runs the sweeper in the server, saves last activity on going offline, and stops cleanly', async () => {
    server = await startServerProcess({
      NODE_ENV: 'development',
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: `${testRedisPrefix()}-rtpglite${randomSuffix()}`,
      ADMIN_EMAIL: 'presence.admin@example.test',
      ADMIN_PASSWORD: 'bootstrap passphrase',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PRESENCE_TIMEOUT_SECONDS: '3',
    });
    expect(server.process.output()).toMatch(/presence sweeper runs in the server/);
    const login = await trpc(server.port, 'auth.login', {
      body: { email: 'presence.admin@example.test', password: 'bootstrap passphrase' },
    });
    const token = String(login.result.data.json.token);

    const socket = await connectPresence(server.port, { token });
    await vi.waitFor(() => expect(socket.heard.map((entry) => entry.event)).toContain('presence:snapshot'));
    socket.socket.emit('activity');
    socket.close();

    await vi.waitFor(
      async () => {
        const me = await trpc(server!.port, 'auth.me', { token });
        expect(me.result.data.json).toMatchObject({ isOnline: false, lastActivity: expect.any(String) });
      },
      { timeout: 3_000 },
    );
    expect(await server.process.stop('SIGTERM')).toBe(0);
  }, 120_000);
});
