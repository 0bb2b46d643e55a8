import type { auditBatches } from '../audit/audit.service';
import type { userBatches } from '../users/users.list.service';
import type { CsvColumn } from './exports.csv';

type BatchItem<T> = T extends AsyncGenerator<(infer Item)[]> ? Item : never;
type ExportedUser = BatchItem<ReturnType<typeof userBatches>>;
type ExportedAuditEvent = BatchItem<ReturnType<typeof auditBatches>>;

const column = <Item>(header: string, value: CsvColumn<Item>['value']): CsvColumn<Item> => ({
  header,
  value,
});

/** The users CSV: the User shape's useful fields (never a secret; no signatures or images). */
export const USER_COLUMNS: readonly CsvColumn<ExportedUser>[] = [
  column('id', (u) => u.id),
  column('email', (u) => u.email),
  column('username', (u) => u.username),
  column('firstName', (u) => u.firstName),
  column('lastName', (u) => u.lastName),
  column('title', (u) => u.title),
  column('phoneNumber', (u) => u.phoneNumber),
  column('dateOfBirth', (u) => u.dateOfBirth),
  column('gender', (u) => u.gender),
  column('timezone', (u) => u.timezone),
  column('roles', (u) => u.roles),
  column('status', (u) => u.status),
  column('isActive', (u) => u.isActive),
  column('archivedAt', (u) => u.archivedAt),
  column('approvedAt', (u) => u.approvedAt),
  column('suspendedUntil', (u) => u.suspendedUntil),
  column('clinical', (u) => u.clinical),
  column('npi', (u) => u.npi),
  column('tin', (u) => u.tin),
  column('company', (u) => u.company),
  column('organizationId', (u) => u.organizationId),
  column('organization', (u) => u.organization?.name),
  column('locations', (u) => u.locations),
  column('email2faEnabled', (u) => u.email2faEnabled),
  column('emailConfirmedAt', (u) => u.emailConfirmedAt),
  column('isOnline', (u) => u.isOnline),
  column('lastActivity', (u) => u.lastActivity),
  column('lastLoginAt', (u) => u.lastLoginAt),
  column('createdAt', (u) => u.createdAt),
  column('updatedAt', (u) => u.updatedAt),
];

/** The audit CSV: every field of audit.list's events, metadata as JSON. */
export const AUDIT_COLUMNS: readonly CsvColumn<ExportedAuditEvent>[] = [
  column('createdAt', (e) => e.createdAt),
  column('id', (e) => e.id),
  column('action', (e) => e.action),
  column('actorId', (e) => e.actorId),
  column('impersonatorId', (e) => e.impersonatorId),
  column('targetType', (e) => e.targetType),
  column('targetId', (e) => e.targetId),
  column('organizationId', (e) => e.organizationId),
  column('ip', (e) => e.ip),
  column('metadata', (e) => e.metadata as object),
];
