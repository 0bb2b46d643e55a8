import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { formatWait, refusalOf } from './refusal';

const trpcError = (message: string, data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { message, code: -32000, data } });

describe('refusalOf', () => {
  it('turns TOO_MANY_REQUESTS into a wait taken from retryAfterSeconds', () => {
    const before = Date.now();
    const refusal = refusalOf(trpcError('Too many', { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 90 }));
    expect(refusal.message).toBe('Too many attempts. Wait 2 minutes and try again.');
    expect(refusal.retryAt).toBeGreaterThanOrEqual(before + 90_000);
  });

  it("keeps the server's reason for a refused account", () => {
    const message = 'This account is suspended. Contact your administrator.';
    expect(refusalOf(trpcError(message, { code: 'UNAUTHORIZED' }))).toEqual({ message, retryAt: null });
  });

  it('formats short and long waits', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(61)).toBe('2 minutes');
  });
});
