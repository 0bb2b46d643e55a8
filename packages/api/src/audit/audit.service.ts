import type { listAuditInput } from '@praxis/validators';
import type { z } from 'zod';
import type { AuthedContext } from '../auth/auth.types';
import { countMatches, keysetCursor, pageWindow } from '../list-paging';
import { toListPage } from '../paging';
import { scopeOf } from '../policy';
import { type AuditCriteria, auditEventsMatching, selectAuditPage } from './audit.queries';

const cursor = keysetCursor('audit:createdAt:desc', 'timestamptz');

/** audit.list: events of the organisations the caller may read, newest first. */
export async function listAudit(ctx: AuthedContext, input: z.output<typeof listAuditInput>) {
  const after = input.cursor ? cursor.decode(input.cursor) : undefined;
  const page = after?.page ?? input.page ?? 1;
  const { pageSize } = input;
  const criteria: AuditCriteria = {
    scope: scopeOf(ctx.actor, 'audit.read'),
    actorId: input.actorId,
    targetId: input.targetId,
    action: input.action || undefined,
    from: input.from?.at,
    // A date alone means the whole of that day.
    ...(input.to?.dateOnly ? { before: new Date(input.to.at.getTime() + 86_400_000) } : { to: input.to?.at }),
  };
  const window = pageWindow(page, pageSize, after);
  const [rows, count] = await Promise.all([
    selectAuditPage(ctx.db, criteria, window),
    countMatches(ctx.db, auditEventsMatching(ctx.db, criteria)),
  ]);
  return toListPage(rows, {
    page,
    pageSize,
    count,
    keyOf: (row) => cursor.key(row.sortKey, row.id, page + 1),
    map: (row) => ({
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
  });
}
