import type { HttpBindings } from '@hono/node-server';
import { createMiddleware } from 'hono/factory';

/** The browser-hardening headers of every answer (those of Hono's `secureHeaders()` defaults). */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/**
 * Adds SECURITY_HEADERS to every answer. Served by Node, they go onto the Node response before
 * the handler runs (Node merges them into the head it writes): setting eleven headers on each
 * answer's fetch `Headers` after the handler, as `secureHeaders()` does, cost about a sixth of a
 * session check's server CPU. Without a Node response (`app.request` in tests) they are set on
 * the answer itself.
 */
export function securityHeaders() {
  return createMiddleware<{ Bindings: Partial<HttpBindings> }>(async (c, next) => {
    const outgoing = c.env?.outgoing;
    if (outgoing) {
      for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
      return next();
    }
    await next();
    for (const [name, value] of SECURITY_HEADERS) c.res.headers.set(name, value);
  });
}
