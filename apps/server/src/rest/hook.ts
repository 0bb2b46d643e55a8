import type { Hook } from '@hono/zod-openapi';
import type { RestEnv } from './caller';
import { fieldErrorsFromIssues } from './errors';

/**
 * A request that does not match the route's schema: 422 with the request's own field names (the
 * schema's paths are already the request's, as the seed spells them: `firstName`, `old_password`).
 */
export const validationHook: Hook<unknown, RestEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  return c.json({ errors: fieldErrorsFromIssues(result.error.issues) }, 422);
};
