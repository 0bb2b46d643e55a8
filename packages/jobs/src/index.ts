export { MAIL_KINDS, MAIL_QUEUE, type MailKind, type MailPayload, mailJobSchemas } from './mail-jobs';
export { createMailQueue, enqueueMail, type MailQueue, MailQueueUnavailableError } from './mail-queue';
export { createRedis, queuePrefix, type RedisRole, waitForRedis } from './redis';
