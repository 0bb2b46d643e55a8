import type { MailPayload } from '@praxis/jobs';
import type { RenderedMail, TemplateContext } from '../message';
import { button, composeMail, greeting, PRODUCT_NAME, paragraph } from './compose';
import { describeExpiry } from './expiry';
import { tokenLink } from './links';

type PasswordResetInput = Pick<MailPayload<'password-reset'>, 'name' | 'token' | 'expiresAt'>;

export function renderPasswordReset(input: PasswordResetInput, context: TemplateContext): RenderedMail {
  const link = tokenLink(context.appUrl, 'reset-password', input.token);
  const expiry = describeExpiry(input.expiresAt, context.now ?? new Date());
  return composeMail(
    `Reset your ${PRODUCT_NAME} password`,
    [
      greeting(input.name),
      paragraph(`Someone asked to reset the password of your ${PRODUCT_NAME} account. To choose a new one:`),
      button('Reset your password', link),
      paragraph(`The link expires in ${expiry} and works once. Resetting signs you out everywhere.`),
      paragraph('If you did not ask for this, ignore this mail: your password stays as it is.'),
    ],
    { link },
  );
}
