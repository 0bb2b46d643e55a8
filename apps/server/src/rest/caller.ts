import { type ApiDeps, appRouter, createCallerFactory, createContext } from '@praxis/api';
import type { Context } from 'hono';
import { type RequestVariables, requestInfoOf } from '../middleware/request-context';

const createCaller = createCallerFactory(appRouter);

export type RestEnv = { Variables: RequestVariables };

/**
 * The tRPC procedures, called in-process for one REST request: the same policy, transactions,
 * audit events, mails and rate limits as over /trpc. Only the token headers authenticate; the
 * cookie is never passed, so a cross-site request cannot act with the browser's session.
 */
export function callerFor(deps: ApiDeps, c: Context<RestEnv>) {
  const userToken = c.req.header('x-user-token')?.trim();
  const authorization = c.req.header('authorization') ?? (userToken ? `Bearer ${userToken}` : null);
  // Set-Cookie from sign-in stays in these headers: REST clients keep the token from the body.
  return createCaller(createContext(deps, requestInfoOf(c, new Headers(), { cookie: null, authorization })));
}
