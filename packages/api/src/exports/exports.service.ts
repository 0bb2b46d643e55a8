import { type Action, can, scopeOf } from '@praxis/policy';
import { exportAuditInput, exportUsersInput } from '@praxis/validators';
import type { z } from 'zod';
import { recordActorAudit } from '../audit/audit.queries';
import { auditBatches } from '../audit/audit.service';
import type { Context } from '../context';
import { AppError, fieldErrorsFromIssues, forbidden, fromDomainError } from '../errors';
import { type AuthedContext, assertPassesAccountGate, authenticate } from '../trpc';
import { userBatches } from '../users/users.list.service';
import { AUDIT_COLUMNS, USER_COLUMNS } from './exports.columns';
import { csvChunks } from './exports.csv';

/** A CSV export ready to stream: its file name and its text, chunk by chunk (one per batch). */
export interface CsvExport {
  filename: string;
  chunks: AsyncGenerator<string>;
  /** Rows handed out so far (for the log line at the end). */
  progress: { rows: number };
}

/**
 * The users CSV of `readInput()` (users.list's search, filters and sort; read once signed in):
 * signed in and allowed `users.read` like users.list, the same scope, every matching row by keyset. Audited as
 * `users.export` with the filters. Errors before the first row (sign-in, policy, input, presence)
 * are thrown here, so the caller can still answer them with a status.
 */
export function exportUsersCsv(ctx: Context, readInput: () => unknown): Promise<CsvExport> {
  return clientFacing(async () => {
    const authed = await authorized(ctx, 'users.read');
    const input = parsed(exportUsersInput, readInput());
    const scopeAll = scopeOf(authed.actor, 'users.read').all;
    return started(authed, 'users', userBatches(authed, input), USER_COLUMNS, {
      action: 'users.export',
      organizationId: input.filters.organizationId ?? (scopeAll ? null : authed.actor.organizationId),
      metadata: { format: 'csv', ...input },
    });
  });
}

/** The audit CSV of `readInput()` (audit.list's filters), scoped like audit.list, audited as `audit.export`. */
export function exportAuditCsv(ctx: Context, readInput: () => unknown): Promise<CsvExport> {
  return clientFacing(async () => {
    const authed = await authorized(ctx, 'audit.read');
    const input = parsed(exportAuditInput, readInput());
    const scopeAll = scopeOf(authed.actor, 'audit.read').all;
    return started(authed, 'audit', auditBatches(authed, input), AUDIT_COLUMNS, {
      action: 'audit.export',
      organizationId: scopeAll ? null : authed.actor.organizationId,
      metadata: { format: 'csv', ...input },
    });
  });
}

/** Errors of other packages (database or Redis down) as the contract's codes, like the procedures'. */
async function clientFacing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw fromDomainError(error) ?? error;
  }
}

async function authorized(ctx: Context, action: Action): Promise<AuthedContext> {
  const authed = { ...ctx, ...(await authenticate(ctx)) };
  assertPassesAccountGate(authed, `exports.${action}`);
  if (!can(authed.actor, action)) throw forbidden();
  return authed;
}

function parsed<S extends z.ZodType>(schema: S, rawInput: unknown): z.output<S> {
  const result = schema.safeParse(rawInput);
  if (result.success) return result.data;
  throw new AppError('BAD_REQUEST', 'Invalid input', {
    fieldErrors: fieldErrorsFromIssues(result.error.issues),
  });
}

/**
 * Reads the first batch before anything is sent (its errors still get a status), records the
 * export, and hands on the rest of the CSV.
 */
async function started<Item>(
  ctx: AuthedContext,
  name: string,
  batches: AsyncGenerator<Item[]>,
  columns: Parameters<typeof csvChunks<Item>>[0],
  event: { action: string; organizationId: string | null; metadata: Record<string, unknown> },
): Promise<CsvExport> {
  const first = await batches.next();
  await recordActorAudit(ctx.db, ctx, event);
  async function* rest(): AsyncGenerator<Item[]> {
    if (first.done) return;
    yield first.value;
    yield* batches;
  }
  const progress = { rows: 0 };
  return {
    filename: `${name}-${new Date().toISOString().slice(0, 10)}.csv`,
    chunks: csvChunks(columns, rest(), progress),
    progress,
  };
}
