// Test helpers of the package that owns the tables: imported by tests only (`@praxis/db/testing`).
export { createTestOrg, createTestUser, TEST_PASSWORD, type TestUserOptions, uniqueEmail } from './factories';
export { freePort } from './free-port';
export { type PostgresCluster, startPostgresCluster } from './postgres-cluster';
export { recordingCalls, recordingStatements } from './recording';
export { cloneTemplateDatabase } from './template-database';
export { databaseUrlFor, randomSuffix, testServerUrl } from './test-env';
export { workerDatabase } from './worker-database';
