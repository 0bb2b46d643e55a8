import { mailJobSchemas } from '@praxis/jobs';
import { renderPasswordReset } from '@praxis/mail';
import { deliver, hasExpired, type MailProcessor, parsePayload } from './mail-processor';

export const processPasswordReset: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas['password-reset'], data);
  if (hasExpired(payload, context)) return 'skipped-expired';
  return deliver(context, payload, renderPasswordReset(payload, context));
};
