import { RateLimitedError, RateLimitStoreUnavailableError } from '@praxis/auth';
import { isDatabaseUnavailableError } from '@praxis/db';
import { isRedisUnavailable, MailQueueUnavailableError, RedisUnavailableError } from '@praxis/jobs';
import { TRPCError } from '@trpc/server';

export type FieldErrors = Record<string, string[]>;

type AppErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

/** The reasons `error.data.reason` may carry (a FORBIDDEN of the account gate, auth/auth.gate.ts). */
export type ErrorReason =
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TWO_FACTOR_ENROLLMENT_REQUIRED'
  | 'IMPERSONATION_NOT_ALLOWED';

/** The one error services throw; the tRPC formatter turns it into the contract's shape. */
export class AppError extends TRPCError {
  readonly fieldErrors: FieldErrors | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** A machine-readable why, for clients that act on it (`error.data.reason`). */
  readonly reason: ErrorReason | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    extra: {
      fieldErrors?: FieldErrors;
      retryAfterSeconds?: number;
      reason?: ErrorReason;
      cause?: unknown;
    } = {},
  ) {
    super({ code, message, cause: extra.cause });
    this.name = 'AppError';
    this.fieldErrors = extra.fieldErrors;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.reason = extra.reason;
  }
}

export const notFound = (what = 'Record') => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const fieldError = (field: string, message: string, code: AppErrorCode = 'BAD_REQUEST') =>
  new AppError(code, message, { fieldErrors: { [field]: [message] } });

/** Errors of other packages that have a meaning for clients. */
export function fromDomainError(error: unknown): AppError | undefined {
  if (error instanceof RateLimitedError) {
    return new AppError(
      'TOO_MANY_REQUESTS',
      `Too many attempts. Try again in ${error.retryAfterSeconds} seconds.`,
      {
        retryAfterSeconds: error.retryAfterSeconds,
        cause: error,
      },
    );
  }
  if (error instanceof MailQueueUnavailableError) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'The email could not be queued because the mail service is unavailable. Nothing was sent; try again shortly.',
      { cause: error },
    );
  }
  if (error instanceof RateLimitStoreUnavailableError) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'This service is temporarily unavailable (Redis is unreachable). Try again shortly.',
      {
        cause: error,
      },
    );
  }
  if (error instanceof RedisUnavailableError) return redisUnavailable(error);
  // A lost Postgres connection (pg's errors, and socket errors raised while connecting to it).
  if (isDatabaseUnavailableError(error)) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'The database is temporarily unavailable. Try again shortly.',
      {
        cause: error,
      },
    );
  }
  // Any other read or write that needed Redis: ioredis rejects commands without a connection with
  // errors of its own ("Stream isn't writeable", max retries), which the check above never claims.
  if (isRedisUnavailable(error)) return redisUnavailable(error);
  return undefined;
}

const redisUnavailable = (cause: unknown) =>
  new AppError('SERVICE_UNAVAILABLE', 'This service is temporarily unavailable. Try again shortly.', {
    cause,
  });

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

/** `{ "patch.email": ["…"] }` from zod issues; root issues go under "_form". */
export function fieldErrorsFromIssues(issues: readonly ZodLikeIssue[]): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_form';
    result[key] = [...(result[key] ?? []), issue.message];
  }
  return result;
}

export function isZodErrorLike(value: unknown): value is { issues: ZodLikeIssue[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { issues?: unknown }).issues);
}

/** Postgres unique violation on a named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: string; constraint?: string; message?: string } | null;
  if (pgError?.code !== '23505') return false;
  return !constraint || pgError.constraint === constraint || Boolean(pgError.message?.includes(constraint));
}
