import { mailJobSchemas } from '@praxis/jobs';
import { renderTwoFactorCode } from '@praxis/mail';
import { deliver, hasExpired, type MailProcessor, parsePayload } from './mail-processor';

export const processTwoFactorCode: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas['two-factor-code'], data);
  if (hasExpired(payload, context)) return 'skipped-expired';
  return deliver(context, payload, renderTwoFactorCode(payload, context));
};
