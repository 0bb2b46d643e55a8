import { mailJobSchemas } from '@praxis/jobs';
import { renderInvitation } from '@praxis/mail';
import { deliver, hasExpired, type MailProcessor, parsePayload } from './mail-processor';

export const processInvitation: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas.invitation, data);
  if (hasExpired(payload, context)) return 'skipped-expired';
  return deliver(context, payload, renderInvitation(payload, context));
};
