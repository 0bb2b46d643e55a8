export { MAIL_KINDS, MAIL_QUEUE, type MailKind, type MailPayload, mailJobSchemas } from './mail-jobs';
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
