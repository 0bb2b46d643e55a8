import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Refuses bodies over 1 MiB (413, answered by `onError`). GET and HEAD carry no body the API
 * reads, and asking one for its body makes @hono/node-server build a whole fetch Request from
 * the Node request (about a sixth of a session check's server CPU): they pass untouched.
 */
export function limitBody(onError: (c: Context) => Response) {
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError });
  return createMiddleware(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return limit(c, next);
  });
}
