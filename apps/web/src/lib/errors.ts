import { TRPCClientError } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';

/** error.data as the server's formatter writes it (API.md "Errors"). */
export interface ErrorData {
  code?: string;
  httpStatus?: number;
  requestId?: string;
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
  reason?: string;
}

export type TrpcError = TRPCClientError<AnyTRPCRouter>;

export function isTrpcError(error: unknown): error is TrpcError {
  return error instanceof TRPCClientError;
}

export function errorData(error: unknown): ErrorData {
  if (!isTrpcError(error)) return {};
  const data = error.data as unknown;
  return data && typeof data === 'object' ? (data as ErrorData) : {};
}

export const errorCode = (error: unknown) => errorData(error).code;
export const fieldErrorsOf = (error: unknown) => errorData(error).fieldErrors ?? {};

/** A message fit for people: the server's, or a plain one when the network failed. */
export function errorMessage(error: unknown): string {
  if (isTrpcError(error)) {
    if (!error.data) return 'The server could not be reached. Check your connection and try again.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
