import { type Action, type Actor, can, canImpersonate } from '@praxis/policy';
import { type inferProcedureBuilderResolverOptions, initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import superjson from 'superjson';
import { actorOf } from './actor';
import { accountGateOf, GATE_MESSAGES, gateAllows } from './auth/auth.gate';
import type { Context } from './context';
import { AppError, fieldErrorsFromIssues, forbidden, fromDomainError, isZodErrorLike } from './errors';
import { assertNotImpersonating } from './impersonation-guard';
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
      if (error.reason !== undefined) data.reason = error.reason;
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
function mapDomainError<R extends { ok: boolean }>(result: R): R {
  if (!result.ok) {
    const { error } = result as unknown as { error: { code: string; cause?: unknown } };
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const mapped = fromDomainError(error.cause);
      if (mapped) throw mapped;
    }
  }
  return result;
}

/**
 * The first step of every procedure: maps domain errors (above) and tells the transport how long
 * the procedure took and how it ended. One middleware, not two: each costs tRPC a copy of the call.
 */
const timedAndMapped = t.middleware(async ({ ctx, path, next }) => {
  const observe = ctx.req.observeProcedure;
  if (!observe) return mapDomainError(await next());
  const started = performance.now();
  let status = 200;
  try {
    const result = mapDomainError(await next());
    if (!result.ok) status = getHTTPStatusCodeFromError(result.error);
    return result;
  } catch (error) {
    status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
    throw error;
  } finally {
    observe(path, status, (performance.now() - started) / 1000);
  }
});

export const publicProcedure = t.procedure.use(timedAndMapped);

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
  // An impersonation whose impersonator lost the right (a role removed) ends here.
  if (session.impersonator && !canImpersonate(session.impersonator, session.user)) {
    await ctx.sessions.invalidate(found.token);
    if (found.via === 'cookie') ctx.req.resHeaders.append('set-cookie', ctx.sessions.blankCookie());
    throw new AppError('UNAUTHORIZED', 'Sign in to continue');
  }
  if (found.via === 'cookie' && session.refreshedCookie) {
    ctx.req.resHeaders.append('set-cookie', session.refreshedCookie);
  }
  // The actor is the impersonated user; the impersonator rides along for the audit log.
  const actor: Actor & { impersonatorId?: string | null } = {
    ...actorOf(session.user),
    impersonatorId: session.impersonatorId,
  };
  return { actor, session };
}

/**
 * The account gate: a user who must change a password someone else set, or enrol in 2FA, may call
 * only the few procedures that get them there (GATE_ALLOWED); everything else, `path` being a
 * procedure's path or another entry point's name, is FORBIDDEN with `data.reason`. Derived from
 * the session's row (user, organisation, authenticator), so it costs no query, and the request
 * after the fix already sees the fixed row.
 */
export function assertPassesAccountGate(
  ctx: Pick<Context, 'config'> & { session: Parameters<typeof accountGateOf>[0] },
  path: string,
) {
  const gate = accountGateOf(ctx.session, ctx.config.requireTwoFactorRoles);
  if (gate && !gateAllows(gate, path)) {
    throw new AppError('FORBIDDEN', GATE_MESSAGES[gate], { reason: gate });
  }
}

/** Signed in and past the account gate: hands on a non-null `ctx.actor` and `ctx.session`. */
export const authedProcedure = publicProcedure.use(async ({ ctx, path, next }) => {
  const authed = await authenticate(ctx);
  assertPassesAccountGate({ config: ctx.config, session: authed.session }, path);
  return next({ ctx: authed });
});

/**
 * Signed in as oneself: an impersonation session is refused (FORBIDDEN, IMPERSONATION_NOT_ALLOWED).
 * For what only the account's owner may do: password, 2FA, signing out elsewhere.
 */
export const ownerOnlyProcedure = authedProcedure.use(({ ctx, next }) => {
  assertNotImpersonating(ctx);
  return next();
});

/** The context inside an authed procedure: what `authedProcedure` hands on, for the services it calls. */
export type AuthedContext = inferProcedureBuilderResolverOptions<typeof authedProcedure>['ctx'];

/** Signed in and allowed `action` on something (the organisation check follows in the service). */
export function guardedProcedure(action: Action) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!can(ctx.actor, action)) throw forbidden();
    return next();
  });
}
