export * from './factories';
export { type PostgresCluster, startPostgresCluster } from './postgres-cluster';
export { type AppName, type AppProcess, type AppProcessOptions, startAppProcess } from './processes';
export { testRedisPrefix } from './redis-prefix';
export { freePort, type OwnRedisServer, startOwnRedisServer } from './redis-server';
export { type CapturedMail, type SmtpCapture, startSmtpCapture } from './smtp-capture';
export { databaseUrlFor, randomSuffix, testRedisUrl, testServerUrl } from './test-env';
export { workerDatabase } from './worker-db';
