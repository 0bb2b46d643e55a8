import { type Action, can } from '@praxis/policy';
import { type inferProcedureBuilderResolverOptions, initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { actorOf } from './actor';
import type { Context } from './context';
import { AppError, fieldErrorsFromIssues, forbidden, fromDomainError, isZodErrorLike } from './errors';
import { outputTransformer } from './json-transformer';

const t = initTRPC.context<Context>().create({
  // superjson both ways; answers are written by a one-pass encoder of superjson's format.
  transformer: { input: superjson, output: outputTransformer },
  // Stacks never leave the server, in any environment.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const cause = error.cause;
    const data: Record<string, unknown> = {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      requestId: ctx?.req.requestId,
    };
    if (error instanceof AppError) {
      if (error.fieldErrors) data.fieldErrors = error.fieldErrors;
      if (error.retryAfterSeconds !== undefined) data.retryAfterSeconds = error.retryAfterSeconds;
    } else if (error.code === 'BAD_REQUEST' && isZodErrorLike(cause)) {
      data.fieldErrors = fieldErrorsFromIssues(cause.issues);
    }
    return {
      ...shape,
      message: internal
        ? `Internal server error (request ${ctx?.req.requestId ?? 'unknown'})`
        : error.code === 'BAD_REQUEST' && isZodErrorLike(cause)
          ? 'Invalid input'
          : shape.message,
      data,
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Turns errors of other packages (rate limits, mail queue or database down) into their
 * client-facing codes. Only errors that would answer a generic 500: an AppError a service threw
 * on purpose keeps its code and message, whatever its cause.
 */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const mapped = fromDomainError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

/**
 * The signed-in actor and session of a request (cookie or Bearer), or UNAUTHORIZED; a refreshed
 * or blanked session cookie goes onto `ctx.req.resHeaders`. The one check of every signed-in
 * entry point (procedures and the CSV export routes).
 */
export async function authenticate(ctx: Context) {
  const found = ctx.sessions.readToken({ cookie: ctx.req.cookie, authorization: ctx.req.authorization });
  const session = found ? await ctx.sessions.validate(found.token) : null;
  if (!found || !session) {
    if (found?.via === 'cookie') ctx.req.resHeaders.append('set-cookie', ctx.sessions.blankCookie());
    throw new AppError('UNAUTHORIZED', 'Sign in to continue');
  }
  if (found.via === 'cookie' && session.refreshedCookie) {
    ctx.req.resHeaders.append('set-cookie', session.refreshedCookie);
  }
  return { actor: actorOf(session.user), session };
}

/** Signed in: hands on a non-null `ctx.actor` and `ctx.session`, or answers UNAUTHORIZED. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) =>
  next({ ctx: await authenticate(ctx) }),
);

/** The context inside an authed procedure: what `authedProcedure` hands on, for the services it calls. */
export type AuthedContext = inferProcedureBuilderResolverOptions<typeof authedProcedure>['ctx'];

/** Signed in and allowed `action` on something (the organisation check follows in the service). */
export function guardedProcedure(action: Action) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!can(ctx.actor, action)) throw forbidden();
    return next();
  });
}
