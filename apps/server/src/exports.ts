import {
  type Context as ApiContext,
  type ApiDeps,
  AppError,
  type CsvExport,
  createContext,
  exportAuditCsv,
  exportUsersCsv,
} from '@praxis/api';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { type Context, Hono } from 'hono';
import { stream } from 'hono/streaming';
import { type RequestVariables, requestInfoOf } from './middleware/request-context';

type Env = { Variables: RequestVariables };
type StartExport = (ctx: ApiContext, readInput: () => unknown) => Promise<CsvExport>;

/** Where the CSV exports live; the web app's fallback never answers under it. */
export const EXPORTS_PREFIX = '/exports';

/**
 * The CSV exports: `GET /exports/users.csv?input=<JSON of users.list's search, filters, sort>`
 * and `GET /exports/audit.csv?input=<JSON of audit.list's filters>`. Signed in by the session
 * cookie (a download link of the web app) or a Bearer token, checked and scoped like the lists.
 * Rows are written as they are read, batch by batch, at the pace the client takes them.
 */
export function exportRoutes(deps: ApiDeps) {
  const app = new Hono<Env>();
  app.get(`${EXPORTS_PREFIX}/users.csv`, (c) => streamExport(deps, c, exportUsersCsv));
  app.get(`${EXPORTS_PREFIX}/audit.csv`, (c) => streamExport(deps, c, exportAuditCsv));
  return app;
}

async function streamExport(deps: ApiDeps, c: Context<Env>, start: StartExport) {
  // A link on another site must not start a download (and an audit event) with the browser's
  // session: a cookie counts only from the app itself or a typed address (Sec-Fetch-Site).
  if (c.req.header('sec-fetch-site') === 'cross-site' && !c.req.header('authorization')) {
    const message = 'Cross-site request refused. Use the Praxis app or a bearer token.';
    return c.json({ error: { code: 'FORBIDDEN', message, requestId: c.get('requestId') } }, 403);
  }
  const resHeaders = new Headers();
  const ctx = createContext(deps, requestInfoOf(c, resHeaders));
  let csv: CsvExport;
  try {
    csv = await start(ctx, () => inputOf(c.req.query('input')));
  } catch (error) {
    return errorAnswer(c, error);
  } finally {
    for (const cookie of resHeaders.getSetCookie()) c.header('set-cookie', cookie, { append: true });
  }
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${csv.filename}"`);
  c.header('cache-control', 'no-store');
  const logger = c.get('logger');
  return stream(
    c,
    async (out) => {
      // `write` resolves once the client has taken the chunk (the socket drained), so at most a
      // batch or two is ever held; a closed connection ends the loop and the reading.
      for await (const chunk of csv.chunks) {
        await out.write(chunk);
        if (out.aborted) {
          logger.info({ rows: csv.progress.rows }, 'export stopped: the client went away');
          return;
        }
      }
      logger.info({ rows: csv.progress.rows, file: csv.filename }, 'export done');
    },
    async (error, out) => {
      // Headers are gone: the file ends short (no trailing newline of a complete last row is
      // promised), and the cause stays in the log.
      logger.error({ err: error, rows: csv.progress.rows }, 'export failed');
      out.abort();
    },
  );
}

/** The `input` query parameter: JSON, or nothing (the list's defaults). */
function inputOf(raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('BAD_REQUEST', 'Invalid input', { fieldErrors: { input: ['Must be JSON'] } });
  }
}

/** An error before the first byte: the contract's code and message with the request id, never a stack. */
function errorAnswer(c: Context<Env>, error: unknown) {
  if (!(error instanceof AppError)) throw error; // app.onError: 500 (or 503) without details
  const status = getHTTPStatusCodeFromError(error) as 400;
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        requestId: c.get('requestId'),
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
        ...(error.reason ? { reason: error.reason } : {}),
      },
    },
    status,
  );
}
