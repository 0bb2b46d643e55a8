import { mailJobSchemas } from '@praxis/jobs';
import { renderAccountApproved, renderConfirmEmail, renderRegistrationNotice } from '@praxis/mail';
import {
  accountCannotUseLink,
  BEFORE_APPROVAL_COMMIT,
  deliver,
  hasExpired,
  type MailProcessor,
  parsePayload,
} from './mail-processor';

/** The confirmation link of a sign-up: its account is pending by design, so only expiry is checked. */
export const processConfirmEmail: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas['confirm-email'], data);
  if (hasExpired(payload, context)) return 'skipped-expired';
  return deliver(context, payload, renderConfirmEmail(payload, context));
};

export const processRegistrationNotice: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas['registration-notice'], data);
  return deliver(context, payload, renderRegistrationNotice(payload, context));
};

/** "You may sign in now": dropped if the account was disabled, archived or deleted meanwhile. */
export const processAccountApproved: MailProcessor = async (data, context) => {
  const payload = parsePayload(mailJobSchemas['account-approved'], data);
  if (await accountCannotUseLink(payload, context, BEFORE_APPROVAL_COMMIT)) return 'skipped-account-blocked';
  return deliver(context, payload, renderAccountApproved(payload, context));
};
