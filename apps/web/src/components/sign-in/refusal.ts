import { errorCode, errorData, errorMessage } from '../../lib/errors';

export interface Refusal {
  message: string;
  /** Set for TOO_MANY_REQUESTS: when the form may be sent again (a Date.now() value). */
  retryAt: number | null;
}

/**
 * What to tell the person after a refused sign-in step. The server's messages already name the
 * reason (locked, disabled, suspended, waiting for approval…) without revealing whether an
 * address has an account; a rate limit gets its wait.
 */
export function refusalOf(error: unknown): Refusal {
  if (errorCode(error) === 'TOO_MANY_REQUESTS') {
    const seconds = errorData(error).retryAfterSeconds ?? 60;
    return {
      message: `Too many attempts. Wait ${formatWait(seconds)} and try again.`,
      retryAt: Date.now() + seconds * 1000,
    };
  }
  return { message: errorMessage(error), retryAt: null };
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
