import { mailJobSchemas } from '@praxis/jobs';
import { renderPasswordReset, renderSetPassword } from '@praxis/mail';
import {
  accountCannotUseLink,
  deliver,
  hasExpired,
  type MailProcessor,
  parsePayload,
} from './mail-processor';

const renderers = { 'password-reset': renderPasswordReset, 'set-password': renderSetPassword };

/**
 * A password link (reset, or set for an account made without one): dropped once expired, or when
 * the account could no longer use it by the time it is sent.
 */
function passwordLinkProcessor(kind: keyof typeof renderers): MailProcessor {
  return async (data, context) => {
    const payload = parsePayload(mailJobSchemas[kind], data);
    if (hasExpired(payload, context)) return 'skipped-expired';
    if (await accountCannotUseLink(payload, context)) return 'skipped-account-blocked';
    return deliver(context, payload, renderers[kind](payload, context));
  };
}

export const processPasswordReset = passwordLinkProcessor('password-reset');
export const processSetPassword = passwordLinkProcessor('set-password');
