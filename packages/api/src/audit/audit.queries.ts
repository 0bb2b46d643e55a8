import type { Executor } from '@praxis/db';
import { sql } from 'kysely';
import { escapeLike, type OrganizationScope, type PageWindow, type upperBound } from '../list-paging';

export interface AuditEntry {
  actorId: string | null;
  /** Who impersonated the actor (an impersonation session), else null. */
  impersonatorId?: string | null;
  action: string;
  targetType?: 'user' | 'organization' | 'invitation' | 'group' | 'session' | 'patient';
  targetId?: string | null;
  organizationId?: string | null;
  ip?: string | null;
  metadata?: Record<string, unknown>;
}

/** Appends one event; pass the transaction of the write it records. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({
      actorId: entry.actorId,
      impersonatorId: entry.impersonatorId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      organizationId: entry.organizationId ?? null,
      ip: entry.ip ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    })
    .execute();
}

/**
 * Appends an event done by the signed-in actor of `ctx` (their id, IP, and the impersonator when
 * the session is an impersonation), in `db`'s transaction.
 */
export function recordActorAudit(
  db: Executor,
  ctx: { actor: { id: string; impersonatorId?: string | null }; req: { ip: string | null } },
  entry: Omit<AuditEntry, 'actorId' | 'ip' | 'impersonatorId'>,
): Promise<void> {
  return recordAudit(db, {
    ...entry,
    actorId: ctx.actor.id,
    impersonatorId: ctx.actor.impersonatorId ?? null,
    ip: ctx.req.ip,
  });
}

/** An event about the actor's own account (their sessions, password, second factors). */
export function recordOwnAccountAudit(
  db: Executor,
  ctx: {
    actor: { id: string; organizationId: string | null; impersonatorId?: string | null };
    req: { ip: string | null };
  },
  action: string,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  return recordActorAudit(db, ctx, {
    action,
    targetType: 'user',
    targetId: ctx.actor.id,
    organizationId: ctx.actor.organizationId,
    metadata,
  });
}

export interface AuditCriteria {
  scope: OrganizationScope;
  actorId?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: ReturnType<typeof upperBound> | undefined;
}

/** Audit events matching the criteria, inside the caller's scope (organisation-less events need the `all` scope). */
export function auditEventsMatching(db: Executor, criteria: AuditCriteria) {
  const { scope } = criteria;
  let q = db.selectFrom('auditEvents');
  if (!scope.all) {
    q = scope.organizationIds.length
      ? q.where('auditEvents.organizationId', 'in', scope.organizationIds)
      : q.where(sql<boolean>`false`);
  }
  if (criteria.actorId) q = q.where('auditEvents.actorId', '=', criteria.actorId);
  if (criteria.targetId) q = q.where('auditEvents.targetId', '=', criteria.targetId);
  if (criteria.action?.endsWith('.*')) {
    q = q.where('auditEvents.action', 'like', `${escapeLike(criteria.action.slice(0, -1))}%`);
  } else if (criteria.action) {
    q = q.where('auditEvents.action', '=', criteria.action);
  }
  if (criteria.from) q = q.where('auditEvents.createdAt', '>=', criteria.from);
  if (criteria.to) q = q.where('auditEvents.createdAt', criteria.to.op, criteria.to.value);
  return q;
}

/** A page of events, newest first, from `offset` or after the keyset position `after`. */
export function selectAuditPage(db: Executor, criteria: AuditCriteria, window: PageWindow) {
  let q = auditEventsMatching(db, criteria);
  if (window.after) {
    q = q.where(
      sql<boolean>`(audit_events.created_at, audit_events.id) < (${window.after.value}::timestamptz, ${window.after.id}::uuid)`,
    );
  }
  return q
    .selectAll('auditEvents')
    .select(sql<string>`audit_events.created_at::text`.as('sortKey'))
    .orderBy('auditEvents.createdAt', 'desc')
    .orderBy('auditEvents.id', 'desc')
    .limit(window.limit)
    .$if(Boolean(window.offset), (qb) => qb.offset(window.offset ?? 0))
    .execute();
}

export type AuditPageRow = Awaited<ReturnType<typeof selectAuditPage>>[number];
