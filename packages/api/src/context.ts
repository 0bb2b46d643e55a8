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
}

export interface Context extends ApiDeps {
  req: RequestInfo;
}

export function createContext(deps: ApiDeps, req: RequestInfo): Context {
  return { ...deps, logger: req.logger, req };
}
