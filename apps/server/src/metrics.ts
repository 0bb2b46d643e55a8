import { bearerMatches, type Metrics, type MetricsSource, statusClass } from '@praxis/metrics';
import { Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/**
 * `GET /metrics` on the API's port, for a scraper holding METRICS_TOKEN. Without a token set it
 * is not served here (404): use METRICS_PORT, a listener bound to localhost.
 */
export function metricsRoute(metrics: MetricsSource, token: string | undefined) {
  return new Hono().get('/metrics', async (c) => {
    if (!token) return c.json({ error: { code: 'NOT_FOUND', message: 'No such route' } }, 404);
    if (!bearerMatches(c.req.header('authorization'), token)) {
      c.header('www-authenticate', 'Bearer');
      return c.json(
        { error: { code: 'UNAUTHORIZED', message: 'Send the metrics token as a Bearer token' } },
        401,
      );
    }
    return c.body(await metrics.render(), 200, { 'content-type': metrics.contentType });
  });
}

/** Times a REST request by its route pattern (`/api/users/:id`), never by the path it was sent to. */
export function restTiming(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c);
    metrics.requestDuration.observe(
      {
        transport: 'rest',
        // The last match is this middleware itself when no route took the request.
        route: route.endsWith('*') ? 'unmatched' : route,
        method: c.req.method,
        status_class: statusClass(c.res.status),
      },
      (performance.now() - started) / 1000,
    );
  };
}

/** Times each tRPC procedure of a request (a batch holds several) by its path. */
export function trpcObserver(metrics: Metrics, method: string) {
  return (path: string, status: number, seconds: number) =>
    metrics.requestDuration.observe(
      { transport: 'trpc', route: path, method, status_class: statusClass(status) },
      seconds,
    );
}
