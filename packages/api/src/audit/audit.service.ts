import { scopeOf } from '@praxis/policy';
import type { listAuditInput } from '@praxis/validators';
import type { z } from 'zod';
import type { AuthedContext } from '../auth/auth.types';
import { countMatches, keysetCursor, upperBound } from '../list-paging';
import { type AuditCriteria, auditEventsMatching, selectAuditPage } from './audit.queries';

const cursor = keysetCursor('audit:createdAt:desc', 'timestamptz');

/** audit.list: events of the organisations the caller may read, newest first. */
export async function listAudit(ctx: AuthedContext, input: z.output<typeof listAuditInput>) {
  const request = cursor.open(input);
  const criteria: AuditCriteria = {
    scope: scopeOf(ctx.actor, 'audit.read'),
    actorId: input.actorId,
    targetId: input.targetId,
    action: input.action || undefined,
    from: input.from?.at,
    to: input.to && upperBound(input.to),
  };
  const [rows, count] = await Promise.all([
    selectAuditPage(ctx.db, criteria, request.window),
    countMatches(ctx.db, auditEventsMatching(ctx.db, criteria)),
  ]);
  return request.answer(
    rows,
    count,
    (row) => row.sortKey,
    (row) => ({
      id: row.id,
      actorId: row.actorId,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      organizationId: row.organizationId,
      ip: row.ip,
      metadata: row.metadata,
      createdAt: row.createdAt,
    }),
  );
}
