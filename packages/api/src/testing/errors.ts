import { TRPCError } from '@trpc/server';
import { AppError, type FieldErrors, fieldErrorsFromIssues, isZodErrorLike } from '../errors';

/** The TRPCError a call fails with; fails the test when the call succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError & { data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The `data.fieldErrors` a client would receive for this error (as the error formatter builds it). */
export function fieldErrorsOf(error: TRPCError): FieldErrors {
  if (error instanceof AppError) return error.fieldErrors ?? {};
  return isZodErrorLike(error.cause) ? fieldErrorsFromIssues(error.cause.issues) : {};
}
