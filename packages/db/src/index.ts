export { AUDIT_DELETE_BATCH, deleteAuditEventsBefore } from './audit-retention';
export { type CreateDbOptions, createDb, type DbHandle, redactUrl } from './create-db';
export { migrateToLatest } from './migrate';
export { preparedStatement } from './prepared-statements';
export * from './schema';
export { textArray } from './sql-helpers';
