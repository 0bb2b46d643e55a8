import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostgresCluster, randomSuffix, startPostgresCluster } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import type { AppProcess } from '@praxis/worker/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPresence, RefusedError, startServerAppProcess } from '../testing';

// The server as `pnpm start` runs it, on a Postgres of this test's own that it stops and starts
// (the shared one must never be stopped).
const ADMIN = { email: 'outage.admin@example.test', password: 'outage admin passphrase' };
const dataDir = mkdtempSync(join(tmpdir(), 'praxis-pg-outage-'));
let cluster: PostgresCluster;
let server: AppProcess;
let baseUrl: string;
let port: number;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  server = await startServerAppProcess(
    {
      NODE_ENV: 'test',
      DATABASE_URL: cluster.url(),
      DATA_DIR: dataDir,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: `${testRedisPrefix()}-pgout${randomSuffix()}`,
      APP_URL: 'http://app.test',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    { readyPattern: /server listening/, timeoutMs: 60_000 },
  );
  port = Number(/"port":(\d+)/.exec(server.output())?.[1]);
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  try {
    await server?.stop();
  } finally {
    await cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

function login() {
  return fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: ADMIN }),
  });
}

function listUsers(token: string) {
  const input = encodeURIComponent(JSON.stringify({ json: {} }));
  return fetch(`${baseUrl}/trpc/users.list?input=${input}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { error?: { json?: { data?: { code?: string } } } };
  return body.error?.json?.data?.code;
}

const isAlive = () => server.child.exitCode === null && server.child.signalCode === null;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the server through a Postgres restart', () => {
  it('stays up, answers 503 while Postgres is down, and recovers without a restart', async () => {
    const signIn = await login();
    expect(signIn.status).toBe(200);
    const token = ((await signIn.json()) as { result: { data: { json: { token: string } } } }).result.data
      .json.token;
    expect((await listUsers(token)).status).toBe(200);
    // The pool keeps its connections idle for a while: Postgres will terminate them.
    expect(await cluster.clientConnections()).toBeGreaterThan(0);

    await cluster.stop();
    await sleep(300); // the terminated connections' errors reach the server
    expect(isAlive()).toBe(true);
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);

    const askedAt = Date.now();
    const ready = await fetch(`${baseUrl}/ready`);
    expect(Date.now() - askedAt).toBeLessThan(5_000);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', failing: ['postgres'] });

    const listed = await listUsers(token);
    expect(listed.status).toBe(503);
    expect(await errorCode(listed)).toBe('SERVICE_UNAVAILABLE');
    const refusedSignIn = await login();
    expect(refusedSignIn.status).toBe(503);
    expect(await errorCode(refusedSignIn)).toBe('SERVICE_UNAVAILABLE');
    // A socket's handshake checks the session: refused cleanly, the process stays up.
    const refusal = await connectPresence(port, { token }).then(
      (client) => {
        client.close();
        return null;
      },
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(RefusedError);
    expect((refusal as RefusedError).code).toBe('SERVICE_UNAVAILABLE');
    expect(isAlive()).toBe(true);

    await cluster.start();
    const restartedAt = Date.now();
    let status = 0;
    while (Date.now() - restartedAt < 15_000) {
      status = (await listUsers(token)).status;
      if (status === 200) break;
      await sleep(250);
    }
    expect(status).toBe(200);
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
    const presence = await connectPresence(port, { token });
    presence.close();

    const output = server.output();
    expect(output).not.toMatch(/uncaught|unhandled/i);
    // Nothing at error or fatal: an outage is a warning, logged once, and its end.
    expect(output).not.toMatch(/"level":(50|60)/);
    expect(output.match(/Postgres is unreachable/g)).toHaveLength(1);
    expect(output).toMatch(/Postgres answers again/);
    expect(isAlive()).toBe(true);
  });
});

describe('the server started while Postgres is down', () => {
  it('exits 1 with a message naming DATABASE_URL', async () => {
    const failed = startServerAppProcess(
      {
        NODE_ENV: 'test',
        DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/praxis',
        DATA_DIR: dataDir,
        REDIS_URL: testRedisUrl,
        REDIS_PREFIX: `${testRedisPrefix()}-pgdown${randomSuffix()}`,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      { readyPattern: /server listening/, timeoutMs: 30_000 },
    );
    const error = await failed.then(
      () => new Error('the server started'),
      (reason: Error) => reason,
    );
    expect(error.message).toMatch(/exited \(code 1\) before it was ready/);
    expect(error.message).toMatch(
      /Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/praxis is unreachable/,
    );
    expect(error.message).toMatch(/DATABASE_URL/);
    expect(error.message).not.toContain('secret');
  });
});
