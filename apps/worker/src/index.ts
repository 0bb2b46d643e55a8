export type { MailJobResult } from './processors/mail-processor';
export { closeWithDeadline } from './shutdown';
export { type MailWorker, type MailWorkerDeps, startMailWorker } from './worker';
