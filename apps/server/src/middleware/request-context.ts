import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { RequestInfo } from '@praxis/api';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';

export interface RequestVariables {
  requestId: string;
  ip: string | null;
  logger: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Request id (kept from X-Request-Id when sane), client IP, a child logger, and one access log line. */
export function requestContext(logger: Logger, trustProxy: boolean) {
  return createMiddleware<{ Variables: RequestVariables }>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    let ip: string | null = forwarded || null;
    if (!ip) {
      try {
        ip = getConnInfo(c).remote.address ?? null;
      } catch {
        ip = null; // app.request() in tests has no socket
      }
    }
    const child = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('ip', ip);
    c.set('logger', child);
    const started = performance.now();
    await next();
    // After the handler, like every header here: see cors.ts for why nothing touches c.res before.
    c.res.headers.set('x-request-id', requestId);
    child.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
}

/**
 * What the API needs to know about this request (packages/api's RequestInfo), from the Hono
 * context the middleware above filled. `credentials` says which of the cookie and the
 * Authorization header authenticate it: the REST surface passes its own (never the cookie).
 */
export function requestInfoOf(
  c: Context<{ Variables: RequestVariables }>,
  resHeaders: Headers,
  credentials: { cookie: string | null; authorization: string | null } = {
    cookie: c.req.header('cookie') ?? null,
    authorization: c.req.header('authorization') ?? null,
  },
): RequestInfo {
  return {
    requestId: c.get('requestId'),
    ip: c.get('ip'),
    userAgent: c.req.header('user-agent') ?? null,
    ...credentials,
    resHeaders,
    logger: c.get('logger'),
  };
}
