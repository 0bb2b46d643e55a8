import { type ApiDeps, answerWriters, appRouter, createContext } from '@praxis/api';
import { SESSION_COOKIE } from '@praxis/auth';
import { isDatabaseUnavailableError } from '@praxis/db';
import type { Metrics, MetricsSource } from '@praxis/metrics';
import type { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { type Context, Hono } from 'hono';
import { exportRoutes } from './exports';
import { healthRoutes } from './health';
import { metricsRoute, restTiming, trpcObserver } from './metrics';
import { limitBody } from './middleware/body-limit';
import { corsFor } from './middleware/cors';
import { csrfGuard } from './middleware/csrf';
import { type RequestVariables, requestContext, requestInfoOf } from './middleware/request-context';
import { securityHeaders } from './middleware/security-headers';
import { restRoutes } from './rest';
import { answerSingleQuery } from './trpc-single-query';
import { DEFAULT_WEB_DIST, webApp } from './web-app';

export interface AppOptions {
  /** The built web app to serve (apps/web/dist by default); null serves the API only. */
  webDist?: string | null;
  /** This process's Prometheus registry: requests are timed into it and GET /metrics serves it. */
  metrics?: Metrics;
  /** What GET /metrics answers with, when not this process's registry alone (a server of several processes). */
  scrapes?: MetricsSource;
  /**
   * One GET query is answered without tRPC's fetch adapter (trpc-single-query.ts); false sends
   * every call through the adapter, the reference that path is tested against.
   */
  singleQueries?: boolean;
}

/** The HTTP app, built from dependencies passed in (tests and second instances build their own). */
export function createApp(deps: ApiDeps, options: AppOptions = {}) {
  const { config, logger } = deps;
  const appOrigin = new URL(config.appUrl).origin;
  const app = new Hono<{ Variables: RequestVariables }>();

  app.use(requestContext(logger, config.trustProxy));
  app.use(securityHeaders());
  app.use('/trpc/*', corsFor(appOrigin, ['x-request-id']));
  app.use('/trpc/*', csrfGuard([appOrigin], SESSION_COOKIE));
  app.use(
    '/trpc/*',
    limitBody((c) =>
      c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body over 1 MiB' } }, 413),
    ),
  );

  app.route('/', healthRoutes(deps));
  const { metrics } = options;
  if (metrics) {
    app.route('/', metricsRoute(options.scrapes ?? metrics, config.metrics.token));
    app.use('/api/*', restTiming(metrics));
    app.use('/v1/*', restTiming(metrics));
  }

  const trpcContext = (c: Context<{ Variables: RequestVariables }>, resHeaders: Headers) =>
    createContext(deps, {
      ...requestInfoOf(c, resHeaders),
      observeProcedure: metrics && trpcObserver(metrics, c.req.method),
    });
  const onTrpcError =
    (c: Context<{ Variables: RequestVariables }>) =>
    ({ error, path }: { error: TRPCError; path: string | undefined }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        c.get('logger').error({ err: error.cause ?? error, path }, 'procedure failed');
      }
    };
  if (options.singleQueries !== false) {
    app.get('/trpc/:path', async (c, next) => {
      const answer = await answerSingleQuery(c.req.raw, c.req.param('path'), {
        router: appRouter,
        createContext: (resHeaders) => trpcContext(c, resHeaders),
        onError: onTrpcError(c),
        writers: answerWriters,
      });
      return answer ?? next();
    });
  }
  app.all('/trpc/*', (c) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: ({ resHeaders }) => trpcContext(c, resHeaders),
      onError: onTrpcError(c),
    }),
  );

  // The REST surface: token headers only, no CORS (server-side clients and same-origin pages).
  const restBodyTooLarge = (c: Context) => c.json({ errors: 'Request body over 1 MiB' }, 413);
  app.use('/api/*', limitBody(restBodyTooLarge));
  app.use('/v1/*', limitBody(restBodyTooLarge));
  app.route('/', restRoutes(deps));
  app.route('/', exportRoutes(deps));

  const webDist = options.webDist === undefined ? DEFAULT_WEB_DIST : options.webDist;
  const web = webDist === null ? null : webApp(webDist);
  if (web) app.use('*', web);
  else if (webDist !== null) logger.info({ webDist }, 'the web app is not built: serving the API only');

  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such route' } }, 404));
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (isDatabaseUnavailableError(error)) {
      // The pool logged the outage once; each request it fails is no news.
      const message = 'The database is temporarily unavailable. Try again shortly.';
      return c.json({ error: { code: 'SERVICE_UNAVAILABLE', message, requestId } }, 503);
    }
    c.get('logger')?.error({ err: error }, 'unhandled error');
    return c.json(
      { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', requestId } },
      500,
    );
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
