import { scopeOf } from '@praxis/policy';
import type { listAuditInput } from '@praxis/validators';
import type { z } from 'zod';
import { pagedList, upperBound } from '../list-paging';
import type { AuthedContext } from '../trpc';
import { type AuditCriteria, auditEventsMatching, selectAuditPage } from './audit.queries';

const newestFirst = pagedList('audit:createdAt:desc', 'timestamptz');

/** audit.list: events of the organisations the caller may read, newest first. */
export async function listAudit(ctx: AuthedContext, input: z.output<typeof listAuditInput>) {
  const criteria: AuditCriteria = {
    scope: scopeOf(ctx.actor, 'audit.read'),
    actorId: input.actorId,
    targetId: input.targetId,
    action: input.action || undefined,
    from: input.from?.at,
    to: input.to && upperBound(input.to),
  };
  return newestFirst.read(ctx.db, input, {
    page: (window) => selectAuditPage(ctx.db, criteria, window),
    matching: auditEventsMatching(ctx.db, criteria),
    sortValue: (row) => row.sortKey,
    toItems: (rows) =>
      rows.map((row) => ({
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
      })),
  });
}
