import type { AppRouter } from '@praxis/api';
import { type Env, loadConfig } from '@praxis/config';
import { randomSuffix, workerDatabase } from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { startSmtpCapture } from '@praxis/mail/testing';
import { startWorkerProcess } from '@praxis/worker/testing';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import pino from 'pino';
import superjson from 'superjson';
import { startServer } from '../start-server';

export const E2E_APP_URL = 'http://app.test';

/**
 * The whole system for one test file: the HTTP server in this process on a free port, the real
 * mail worker as its own process, and an SMTP capture receiving what the worker sends.
 */
export async function startE2E(extraEnv: Env = {}) {
  const smtp = await startSmtpCapture();
  const { url: databaseUrl } = await workerDatabase();
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: `${testRedisPrefix()}-e2e${randomSuffix()}`,
    SMTP_URL: smtp.url,
    APP_URL: E2E_APP_URL,
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    ...extraEnv,
  } satisfies Env & Record<string, string>;
  const server = await startServer(loadConfig(env), pino({ level: 'silent' }));
  const worker = await startWorkerProcess({ ...env, LOG_LEVEL: 'info' });
  const baseUrl = `http://127.0.0.1:${server.port}`;

  /** A typed tRPC client over HTTP, optionally with a bearer token, cookie or Origin. */
  function client(options: { token?: string; cookie?: string; origin?: string } = {}) {
    return createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${baseUrl}/trpc`,
          transformer: superjson,
          headers: () => ({
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(options.cookie ? { cookie: options.cookie } : {}),
            ...(options.origin ? { origin: options.origin } : {}),
          }),
        }),
      ],
    });
  }

  return {
    env,
    baseUrl,
    smtp,
    server,
    worker,
    db: server.deps.db,
    client,
    async close() {
      await worker.stop();
      await server.close();
      await smtp.close();
    },
  };
}

export type E2E = Awaited<ReturnType<typeof startE2E>>;

/** The `token` query parameter of the first link to `${E2E_APP_URL}${path}` in a mail body. */
export function tokenFromLink(body: string, path: string): string {
  const escaped = `${E2E_APP_URL}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`${escaped}\\?token=([A-Za-z0-9_%-]+)`).exec(body);
  if (!match?.[1]) throw new Error(`No ${path} link in mail:\n${body}`);
  return decodeURIComponent(match[1]);
}

/** The 6-digit code in a sign-in mail. */
export function codeFromMail(body: string): string {
  const match = /\b(\d{6})\b/.exec(body);
  if (!match?.[1]) throw new Error(`No code in mail:\n${body}`);
  return match[1];
}

export interface CallFailure {
  message: string;
  data: {
    code: string;
    retryAfterSeconds?: number;
    fieldErrors?: Record<string, string[]>;
    requestId?: string;
  };
}

/** How a call failed: its message and the contract's `error.data`. Throws if it did not fail. */
export async function failure(promise: Promise<unknown>): Promise<CallFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError)
      return { message: error.message, data: error.data as CallFailure['data'] };
    throw error;
  }
  throw new Error('expected the call to fail');
}
