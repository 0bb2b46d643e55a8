import type { BULK_ACTIONS } from '@praxis/validators';
import { TRPCError } from '@trpc/server';
import { fromDomainError } from '../errors';
import type { AuthedContext } from '../trpc';
import { changeLifecycle } from './users.lifecycle';

export interface BulkResult {
  id: string;
  ok: boolean;
  error?: { code: string; message: string };
}

/**
 * users.bulk: each id is checked and applied on its own (its own transaction and audit event),
 * so one refusal does not undo the others. Ids repeated in the input are applied once.
 */
export async function bulkChange(
  ctx: AuthedContext,
  input: { ids: string[]; action: (typeof BULK_ACTIONS)[number] },
) {
  const results: BulkResult[] = [];
  for (const id of new Set(input.ids)) {
    try {
      await changeLifecycle(ctx, id, input.action);
      results.push({ id, ok: true });
    } catch (error) {
      results.push({ id, ok: false, error: describe(ctx, error, id) });
    }
  }
  return { results };
}

function describe(ctx: AuthedContext, error: unknown, id: string): { code: string; message: string } {
  const known = error instanceof TRPCError ? error : fromDomainError(error);
  if (known && known.code !== 'INTERNAL_SERVER_ERROR') return { code: known.code, message: known.message };
  // An unexpected failure of one id is reported with the request id, not thrown: the ids
  // already applied stay applied and the caller learns which ones to retry.
  ctx.req.logger.error({ err: error, userId: id }, 'bulk user action failed');
  return { code: 'INTERNAL_SERVER_ERROR', message: `Internal server error (request ${ctx.req.requestId})` };
}
