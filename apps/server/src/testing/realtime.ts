// Helpers for the realtime tests: server (and worker) processes on one Redis prefix, users with
// sessions, and socket.io clients that record what they hear.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionManager } from '@praxis/auth';
import type { Role } from '@praxis/db';
import { createTestUser, randomSuffix, workerDatabase } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { type AppProcess, startWorkerProcess } from '@praxis/worker/testing';
import { io, type Socket } from 'socket.io-client';
import { startServerAppProcess } from './app-process';

export const APP_URL = 'http://app.test';

export interface ServerProcess {
  process: AppProcess;
  port: number;
}

/** N server processes (and optionally the worker, which runs the sweeper) sharing one Redis prefix. */
export async function startCluster(options: { servers: number; worker?: boolean; timeoutSeconds?: number }) {
  const { url: databaseUrl, handle } = await workerDatabase();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: `${testRedisPrefix()}-rt${randomSuffix()}`,
    APP_URL,
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'praxis-rt-')),
    PRESENCE_TIMEOUT_SECONDS: String(options.timeoutSeconds ?? 60),
  };
  const [servers, worker] = await Promise.all([
    Promise.all(Array.from({ length: options.servers }, () => startServerProcess(env))),
    options.worker
      ? startWorkerProcess(env, { readyPattern: /"msg":"worker ready"/, timeoutMs: 60_000 })
      : null,
  ]);
  const sessions = createSessionManager({ db: handle.db, ttlHours: 12, secureCookies: false });

  return {
    db: handle.db,
    servers,
    worker,
    /** A user of `organizationId` with a fresh session token. */
    async userWithSession(roles: Role[], organizationId: string | null) {
      const { user } = await createTestUser(handle.db, { roles, organizationId });
      const { token } = await sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
      return { user, token };
    },
    async close() {
      await Promise.all([...servers.map((server) => server.process.stop()), worker?.stop()]);
    },
  };
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // Generous: several processes boot at once on 2 cores while other suites run.
  const app = await startServerAppProcess(env, {
    readyPattern: /"msg":"server listening"/,
    timeoutMs: 60_000,
  });
  const line = app
    .output()
    .split('\n')
    .find((text) => text.includes('"msg":"server listening"'));
  const port = Number(JSON.parse(line ?? '{}').port);
  if (!port) throw new Error(`No port in the server output:\n${app.output()}`);
  return { process: app, port };
}

export interface Heard {
  event: string;
  payload: unknown;
  at: number;
}

export interface PresenceClient {
  socket: Socket;
  heard: Heard[];
  /** `presence:update` payloads heard so far about `userId`. */
  updatesAbout(userId: string): Array<{ userId: string; online: boolean; lastActivity: string | null }>;
  close(): void;
}

export class RefusedError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly reason?: string | undefined,
  ) {
    super(message);
  }
}

/** Connects to /presence (or `namespace`) of one instance; rejects with RefusedError when refused. */
export function connectPresence(
  port: number,
  options: { token?: string; cookie?: string; origin?: string; namespace?: string } = {},
): Promise<PresenceClient> {
  const socket = io(`http://127.0.0.1:${port}${options.namespace ?? '/presence'}`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.token ? { token: options.token } : {},
    extraHeaders: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
  });
  const heard: Heard[] = [];
  socket.onAny((event: string, payload: unknown) => heard.push({ event, payload, at: Date.now() }));
  const client: PresenceClient = {
    socket,
    heard,
    updatesAbout: (userId) =>
      heard
        .filter((entry) => entry.event === 'presence:update')
        .map((entry) => entry.payload as { userId: string; online: boolean; lastActivity: string | null })
        .filter((update) => update.userId === userId),
    close: () => socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error: Error & { data?: { code?: string; reason?: string } }) => {
      socket.disconnect();
      reject(new RefusedError(error.message, error.data?.code, error.data?.reason));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
