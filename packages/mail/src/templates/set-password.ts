import type { MailPayload } from '@praxis/jobs';
import type { RenderedMail, TemplateContext } from '../message';
import { button, composeMail, greeting, PRODUCT_NAME, paragraph } from './compose';
import { describeExpiry } from './expiry';
import { tokenLink } from './links';

type SetPasswordInput = Pick<MailPayload<'set-password'>, 'name' | 'token' | 'expiresAt'>;

export function renderSetPassword(input: SetPasswordInput, context: TemplateContext): RenderedMail {
  const link = tokenLink(context.appUrl, 'set-password', input.token);
  const expiry = describeExpiry(input.expiresAt, context.now ?? new Date());
  return composeMail(
    `Your ${PRODUCT_NAME} account is ready: choose a password`,
    [
      greeting(input.name),
      paragraph(`An account on ${PRODUCT_NAME} was created for you. Choose a password to sign in:`),
      button('Choose your password', link),
      paragraph(
        `The link expires in ${expiry} and works once. After that, ask your administrator for a new one.`,
      ),
    ],
    { link },
  );
}
