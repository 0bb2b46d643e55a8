import type { Hook } from '@hono/zod-openapi';
import type { RestEnv } from './caller';
import { fieldErrorsFromIssues, restFieldErrors } from './errors';

/** A request that does not match the route's schema: 422 with the request's own field names. */
export const validationHook: Hook<unknown, RestEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const fields = fieldErrorsFromIssues(result.error.issues);
  return c.json({ errors: restFieldErrors(fields) }, 422);
};
