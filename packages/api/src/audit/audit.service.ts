import { scopeOf } from '@praxis/policy';
import type { ExportAuditInput, listAuditInput } from '@praxis/validators';
import type { z } from 'zod';
import { type KeysetPosition, pagedList, upperBound } from '../list-paging';
import type { AuthedContext } from '../trpc';
import { type AuditCriteria, type AuditPageRow, auditEventsMatching, selectAuditPage } from './audit.queries';

const newestFirst = pagedList('audit:createdAt:desc', 'timestamptz');

/** audit.list: events of the organisations the caller may read, newest first. */
export async function listAudit(ctx: AuthedContext, input: z.output<typeof listAuditInput>) {
  const criteria = criteriaOf(ctx, input);
  return newestFirst.read(ctx.db, input, {
    page: (window) => selectAuditPage(ctx.db, criteria, window),
    matching: auditEventsMatching(ctx.db, criteria),
    sortValue: (row) => row.sortKey,
    toItems: (rows) => rows.map(toAuditEvent),
  });
}

/**
 * Every event audit.list would show for `input` (same scope and filters, newest first), in
 * batches of `batchSize` read by keyset: one batch in memory at a time. For streamed exports.
 */
export async function* auditBatches(ctx: AuthedContext, input: ExportAuditInput, batchSize = 1000) {
  const criteria = criteriaOf(ctx, input);
  let after: KeysetPosition | undefined;
  for (;;) {
    const rows = await selectAuditPage(ctx.db, criteria, { limit: batchSize, after });
    if (rows.length) yield rows.map(toAuditEvent);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { value: last.sortKey, id: last.id };
  }
}

function criteriaOf(ctx: AuthedContext, input: ExportAuditInput): AuditCriteria {
  return {
    scope: scopeOf(ctx.actor, 'audit.read'),
    actorId: input.actorId,
    targetId: input.targetId,
    action: input.action || undefined,
    from: input.from?.at,
    to: input.to && upperBound(input.to),
  };
}

function toAuditEvent(row: AuditPageRow) {
  return {
    id: row.id,
    actorId: row.actorId,
    impersonatorId: row.impersonatorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    organizationId: row.organizationId,
    ip: row.ip,
    metadata: row.metadata,
    createdAt: row.createdAt,
  };
}
