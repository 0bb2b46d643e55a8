export { type CapturedMail, type SmtpCapture, startSmtpCapture } from './smtp-capture';
export { databaseUrlFor, randomSuffix, testRedisUrl, testServerUrl } from './test-env';
export { workerDatabase } from './worker-db';
export { testRedisPrefix } from './redis-prefix';
export * from './factories';
