export {
  AUDIT_RETENTION_AT_START_ID,
  AUDIT_RETENTION_QUEUE,
  AUDIT_RETENTION_SCHEDULER_ID,
  type AuditRetention,
  type AuditRetentionOptions,
  startAuditRetention,
} from './audit-retention';
export {
  MAIL_KINDS,
  MAIL_QUEUE,
  type MailKind,
  type MailPayload,
  mailJobSchemas,
  SECURITY_NOTICE_KINDS,
  type SecurityNoticeKind,
} from './mail-jobs';
export { createMailQueue, enqueueMail, type MailQueue, MailQueueUnavailableError } from './mail-queue';
export {
  createRedis,
  isRedisUnavailable,
  queuePrefix,
  type RedisRole,
  RedisUnavailableError,
  waitForRedis,
} from './redis';
export { type HealthLogger, type RedisHealthTarget, watchRedisHealth } from './redis-health';
export {
  enqueueBackupCodeUsedMail,
  enqueueSecurityNotice,
  enqueueTwoFactorDisabledMail,
} from './security-mails';
export {
  onShutdownSignal,
  quitRedis,
  SHUTDOWN_GRACE_MS,
  type ShutdownSignalOptions,
  settlesWithin,
} from './shutdown';
