import type { Logger } from 'pino';
import type { ApiDeps } from './deps';

/** What the transport knows about one request. */
export interface RequestInfo {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  cookie: string | null;
  authorization: string | null;
  /** Headers of the response, for Set-Cookie. */
  resHeaders: Headers;
  logger: Logger;
  /**
   * Told each procedure's path, HTTP status and duration, for the server's metrics. Only the
   * /trpc adapter sets it: REST requests are timed by their route, not by the procedures they call.
   */
  observeProcedure?: (path: string, status: number, seconds: number) => void;
}

export interface Context extends ApiDeps {
  req: RequestInfo;
}

export function createContext(deps: ApiDeps, req: RequestInfo): Context {
  return { ...deps, logger: req.logger, req };
}
