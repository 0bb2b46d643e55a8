import type { Executor } from '@praxis/db';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType?: 'user' | 'organization' | 'invitation' | 'group' | 'session';
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
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      organizationId: entry.organizationId ?? null,
      ip: entry.ip ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    })
    .execute();
}
