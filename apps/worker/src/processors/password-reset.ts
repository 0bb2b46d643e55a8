import { mailJobSchemas } from '@praxis/jobs';
import { renderPasswordReset } from '@praxis/mail';
import {
  accountCannotUseLink,
  deliver,
  hasExpired,
  type MailProcessor,
  parsePayload,
} from './mail-processor';

export const processPasswordReset: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas['password-reset'], data);
  if (hasExpired(payload, context)) return 'skipped-expired';
  if (await accountCannotUseLink(payload, context)) return 'skipped-account-blocked';
  return deliver(context, payload, renderPasswordReset(payload, context));
};
