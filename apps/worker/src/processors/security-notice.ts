import { type MailPayload, mailJobSchemas, type SecurityNoticeKind } from '@praxis/jobs';
import { type RenderedMail, securityNoticeRenderers, type TemplateContext } from '@praxis/mail';
import { deliver, type MailProcessor, parsePayload } from './mail-processor';

/**
 * A security notice (password or email changed, new sign-in, impersonation, 2FA off, backup code
 * used): it reports something already done, so it is sent whatever the account's state now.
 */
export function securityNoticeProcessor<K extends SecurityNoticeKind>(kind: K): MailProcessor {
  const render = securityNoticeRenderers[kind] as (
    input: MailPayload<K>,
    context: TemplateContext,
  ) => RenderedMail;
  return async (data, context) => {
    const payload = parsePayload(mailJobSchemas[kind], data) as MailPayload<K>;
    return deliver(context, payload, render(payload, context));
  };
}
