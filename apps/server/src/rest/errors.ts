import { z } from '@hono/zod-openapi';
import { isDatabaseUnavailableError } from '@praxis/db';
import { TRPCError } from '@trpc/server';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** Seed 003's error bodies: a message, or field → messages (snake_case, as in the request). */
export const errorMessageSchema = z
  .object({ errors: z.string() })
  .openapi('ErrorMessage', { example: { errors: 'User not found' } });
/** A 403 of the account gate: what the user must do first (see auth.me's must* flags). */
export const forbiddenSchema = z
  .object({
    errors: z.string(),
    reason: z
      .enum(['PASSWORD_CHANGE_REQUIRED', 'TWO_FACTOR_ENROLLMENT_REQUIRED'])
      .optional()
      .openapi({ description: 'Set when the account must change its password or enrol in 2FA first' }),
  })
  .openapi('Forbidden', {
    example: { errors: 'Choose a new password to continue', reason: 'PASSWORD_CHANGE_REQUIRED' },
  });
export const fieldErrorsSchema = z
  .object({ errors: z.record(z.string(), z.array(z.string())) })
  .openapi('FieldErrors', { example: { errors: { email: ['Enter a valid email address'] } } });

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** The error responses every authenticated route documents. */
export const errorResponses = {
  401: json(errorMessageSchema, 'No valid session token (Authorization: Bearer or X-User-Token)'),
  403: json(
    forbiddenSchema,
    'The caller may not do this, or must change their password or enrol in 2FA first',
  ),
  404: json(errorMessageSchema, 'No such record, or one in an organisation the caller may not read'),
  409: json(fieldErrorsSchema, 'Conflicts with the current state (same shape as 422)'),
  422: json(fieldErrorsSchema, 'Invalid input, by request field'),
  429: json(errorMessageSchema, 'Too many requests; see the Retry-After header'),
  503: json(errorMessageSchema, 'A dependency (database, Redis, mail queue) is unavailable'),
} as const;

/** The same for the sign-in routes, which need no session. */
export const publicErrorResponses = {
  401: errorResponses[401],
  403: errorResponses[403],
  422: errorResponses[422],
  429: errorResponses[429],
  503: errorResponses[503],
} as const;

export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Our field names (`patch.firstName`) → the request's (`first_name`); `renames` wins. */
export type FieldNames = Record<string, string>;
export function restFieldErrors(fieldErrors: Record<string, string[]>, renames: FieldNames = {}) {
  const result: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const bare = key.replace(/^patch\./, '');
    const name = renames[key] ?? renames[bare] ?? bare.split('.').map(snakeCase).join('.');
    result[name] = [...(result[name] ?? []), ...messages];
  }
  return result;
}

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}
export function fieldErrorsFromIssues(issues: readonly ZodLikeIssue[]) {
  const result: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_form';
    result[key] = [...(result[key] ?? []), issue.message];
  }
  return result;
}

const STATUS: Record<string, 401 | 403 | 404 | 409 | 422 | 429 | 503 | 413> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_REQUEST: 422,
  PARSE_ERROR: 422,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
};

/**
 * A tRPC error as seed 003's REST body. The services' messages are already meant for clients;
 * anything unexpected is logged and answered as a bare 500 (no stack, no cause).
 */
export function restErrorResponse(c: Context, error: unknown, renames: FieldNames = {}): Response {
  if (!(error instanceof TRPCError) || !STATUS[error.code]) {
    (c.get('logger') as { error: (o: object, m: string) => void } | undefined)?.error(
      { err: error },
      'REST handler failed',
    );
    return c.json({ errors: 'Internal server error' }, 500);
  }
  const status = STATUS[error.code] ?? 500;
  const extra = error as TRPCError & {
    fieldErrors?: Record<string, string[]>;
    retryAfterSeconds?: number;
    reason?: string;
  };
  if (status === 401) return c.json({ errors: 'Authentication required' }, 401);
  if (status === 403 && extra.reason) return c.json({ errors: error.message, reason: extra.reason }, 403);
  if (status === 422 || status === 409) {
    const cause = error.cause as { issues?: ZodLikeIssue[] } | undefined;
    const fields =
      extra.fieldErrors ??
      (Array.isArray(cause?.issues) ? fieldErrorsFromIssues(cause.issues) : { _form: [error.message] });
    return c.json({ errors: restFieldErrors(fields, renames) }, status);
  }
  if (status === 429 && extra.retryAfterSeconds !== undefined) {
    c.header('Retry-After', String(Math.max(1, Math.ceil(extra.retryAfterSeconds))));
  }
  return c.json({ errors: error.message }, status);
}

/**
 * Errors thrown outside a handler's own `run` (the body parser, a lost database): never the
 * app's generic shape on a REST path. A body that is not JSON is a 422 of `body`.
 */
export function restOnError(error: Error, c: Context): Response {
  if (error instanceof HTTPException && error.status < 500) {
    if (error.status === 400) return c.json({ errors: { body: ['The body must be a JSON object'] } }, 422);
    return c.json({ errors: error.message }, error.status);
  }
  if (isDatabaseUnavailableError(error)) {
    return c.json({ errors: 'The database is temporarily unavailable. Try again shortly.' }, 503);
  }
  return restErrorResponse(c, error);
}

/** Runs a REST handler, answering tRPC errors as seed 003's error bodies. */
export async function run(
  c: Context,
  work: () => Promise<Response>,
  renames?: FieldNames,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return restErrorResponse(c, error, renames);
  }
}
