// What "the database is unreachable" looks like from pg: a socket that cannot connect or broke, a
// server shutting down or starting up, or the pool giving up waiting for a connection.

const UNREACHABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

// SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
// shutting down); class 08 is "connection exception".
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);

const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // pg: "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/, // pg-pool: no connection within connectionTimeoutMillis
  /^Client has encountered a connection error and is not queryable$/, // pg: a client whose socket broke
  /^Postgres connection has been discarded$/, // kysely: a connection whose rollback failed
];

/**
 * Whether `error` (or an error it wraps, through `cause` or AggregateError's `errors`) says that
 * Postgres cannot be reached right now, rather than that a query is wrong: callers answer
 * "unavailable, try again" and retry later. Errors of the embedded PGlite never match.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  return findInChain(error, 0, saysUnavailable) !== undefined;
}

/** One line for logs and start-up messages: the code and message of the outage, without a stack. */
export function describeConnectionError(error: unknown): string {
  return describe(findInChain(error, 0, saysUnavailable) ?? error);
}

function saysUnavailable(candidate: object): boolean {
  const { code, message } = candidate as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (UNREACHABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

const MAX_DEPTH = 5;

function findInChain(
  error: unknown,
  depth: number,
  test: (candidate: object) => boolean,
): object | undefined {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return undefined;
  if (test(error)) return error;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  const inCause = findInChain(cause, depth + 1, test);
  if (inCause || !Array.isArray(errors)) return inCause;
  for (const inner of errors) {
    const found = findInChain(inner, depth + 1, test);
    if (found) return found;
  }
  return undefined;
}

function describe(error: unknown): string {
  const { code, message, errors } = (error ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
  // An AggregateError (each address of a host name tried) has an empty message: say the first one's.
  if (!message && Array.isArray(errors) && errors.length) return describe(errors[0]);
  const text = typeof message === 'string' && message ? message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
