import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type Json = ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, never>;

export interface AuditEventsTable {
  id: Generated<string>;
  /** No foreign key: the log keeps the id of a deleted user. */
  actorId: string | null;
  /** Who impersonated the actor when the event was written (no foreign key either). */
  impersonatorId: Generated<string | null>;
  action: string;
  targetType: string | null;
  targetId: string | null;
  organizationId: string | null;
  ip: string | null;
  metadata: Json;
  createdAt: Generated<Date>;
}

export type AuditEvent = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
