import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that carries the session cookie from another site. Bearer
 * clients send no cookie and are not affected; browsers always send Origin on cross-site POSTs.
 */
export function csrfGuard(allowedOrigins: readonly string[], cookieName: string) {
  return createMiddleware(async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || !getCookie(c, cookieName)) return next();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const foreignOrigin = origin !== undefined && !allowedOrigins.includes(origin);
    const crossSite = fetchSite === 'cross-site';
    if (foreignOrigin || crossSite) {
      return c.json(
        {
          error: {
            code: 'FORBIDDEN',
            message: 'Cross-site request refused. Use the Praxis app or a bearer token.',
          },
        },
        403,
      );
    }
    return next();
  });
}
