import { mailJobSchemas } from '@praxis/jobs';
import { renderSetPassword } from '@praxis/mail';
import {
  accountCannotUseLink,
  deliver,
  hasExpired,
  type MailProcessor,
  parsePayload,
} from './mail-processor';

export const processSetPassword: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas['set-password'], data);
  if (hasExpired(payload, context)) return 'skipped-expired';
  if (await accountCannotUseLink(payload, context)) return 'skipped-account-blocked';
  return deliver(context, payload, renderSetPassword(payload, context));
};
