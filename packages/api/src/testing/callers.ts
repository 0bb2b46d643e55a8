import { randomInt, randomUUID } from 'node:crypto';
import type { UserRow } from '@praxis/db';
import { createContext } from '../context';
import type { ApiDeps } from '../deps';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

const createCaller = createCallerFactory(appRouter);

export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

type ClientOptions = { token?: string; cookie?: string; ip?: string; userAgent?: string };

/** The context of one request from one client: its own IP, optionally a bearer token or cookie. */
export function contextFor(deps: ApiDeps, options: ClientOptions = {}) {
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
  return { ctx, resHeaders };
}

/** A tRPC caller as one client (see `contextFor`); `resHeaders` shows Set-Cookie. */
export function callerFor(deps: ApiDeps, options: ClientOptions = {}) {
  const { ctx, resHeaders } = contextFor(deps, options);
  return { caller: createCaller(ctx), resHeaders, ip: ctx.req.ip };
}

/** A caller signed in as `user` through a real session. */
export async function signedIn(deps: ApiDeps, user: Pick<UserRow, 'id'>) {
  const session = await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { ...callerFor(deps, { token: session.token }), token: session.token };
}
