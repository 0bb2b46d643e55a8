export { AUDIT_DELETE_BATCH, deleteAuditEventsBefore } from './audit-retention';
export { describeConnectionError, isDatabaseUnavailableError } from './connection-errors';
export { type CreateDbOptions, createDb, type DbHandle, redactUrl } from './create-db';
export { migrateToLatest } from './migrate';
export type { DbLogger } from './pool-watch';
export { executePrepared, namedPreparedStatement, preparedStatement } from './prepared-statements';
export { omitting } from './row-renamer';
export * from './schema';
export { askedList, plannerRowCount, textArray } from './sql-helpers';
export { perTurn } from './turn-batches';
export {
  activeAdminSql,
  activeStatusSql,
  effectiveDateReachedSql,
  effectivelyActiveSql,
  hasActiveStatus,
  hasStatus,
  hasStatusSql,
  hasTwoFactor,
  isActiveAdmin,
  isEffectivelyActive,
  isNotYetEffective,
  isOrganizationActive,
  isSuspensionInForce,
  isSuspensionLapsed,
  type OrganizationStateFields,
  organizationActiveSql,
  shownStatus,
  suspensionInForceSql,
  suspensionLapsedSql,
  type UserCondition,
  type UserStateFields,
  type UsersExpressionBuilder,
  utcDate,
} from './user-rules';
