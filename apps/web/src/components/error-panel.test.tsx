// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorPanel } from './error-panel';

afterEach(cleanup);

describe('ErrorPanel', () => {
  it('shows the message and the request id of a failed call', () => {
    const error = TRPCClientError.from({
      error: {
        message: 'Internal server error (request 9f1c)',
        code: -32603,
        data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, requestId: '9f1c-4e2a' },
      },
    });
    render(<ErrorPanel error={error} />);
    expect(screen.getByRole('alert').textContent).toContain('Internal server error (request 9f1c)');
    expect(screen.getByText('9f1c-4e2a').tagName).toBe('CODE');
  });

  it('explains a network failure without a request id', () => {
    render(<ErrorPanel error={new TRPCClientError('fetch failed')} />);
    expect(screen.getByRole('alert').textContent).toContain('could not be reached');
    expect(screen.queryByText(/Request id/)).toBeNull();
  });
});
