export { describeConnectionError, isDatabaseUnavailableError } from './connection-errors';
export { type CreateDbOptions, createDb, type DbHandle, redactUrl } from './create-db';
export { migrateToLatest } from './migrate';
export type { DbLogger } from './pool-watch';
export { preparedStatement } from './prepared-statements';
export * from './schema';
export { textArray } from './sql-helpers';
