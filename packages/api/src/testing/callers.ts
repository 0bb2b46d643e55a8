import { randomInt, randomUUID } from 'node:crypto';
import type { UserRow } from '@praxis/db';
import { createContext } from '../context';
import type { ApiDeps } from '../deps';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

const createCaller = createCallerFactory(appRouter);

export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

/** A tRPC caller as one client: its own IP, optionally a bearer token; `resHeaders` shows Set-Cookie. */
export function callerFor(
  deps: ApiDeps,
  options: { token?: string; cookie?: string; ip?: string; userAgent?: string } = {},
) {
  const resHeaders = new Headers();
  const ctx = createContext(deps, {
    requestId: randomUUID(),
    ip: options.ip ?? randomIp(),
    userAgent: options.userAgent ?? 'vitest',
    cookie: options.cookie ?? null,
    authorization: options.token ? `Bearer ${options.token}` : null,
    resHeaders,
    logger: deps.logger,
  });
  return { caller: createCaller(ctx), resHeaders, ip: ctx.req.ip };
}

/** A caller signed in as `user` through a real session. */
export async function signedIn(deps: ApiDeps, user: Pick<UserRow, 'id'>) {
  const session = await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { ...callerFor(deps, { token: session.token }), token: session.token };
}
