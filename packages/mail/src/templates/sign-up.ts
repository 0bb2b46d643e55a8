import type { MailPayload } from '@praxis/jobs';
import type { RenderedMail, TemplateContext } from '../message';
import { button, composeMail, greeting, PRODUCT_NAME, paragraph } from './compose';
import { describeExpiry } from './expiry';
import { tokenLink } from './links';

// The mails of self-service sign-up (SIGNUP=open): confirm the address, the notice to the owner of
// an address someone tried to register again, and the news that an administrator approved the account.

const appPage = (appUrl: string, page: string) => `${appUrl.replace(/\/+$/, '')}/${page}`;

type ConfirmEmailInput = Pick<MailPayload<'confirm-email'>, 'name' | 'token' | 'expiresAt'>;

export function renderConfirmEmail(input: ConfirmEmailInput, context: TemplateContext): RenderedMail {
  const link = tokenLink(context.appUrl, 'confirm-email', input.token);
  const expiry = describeExpiry(input.expiresAt, context.now ?? new Date());
  return composeMail(
    `Confirm your email address for ${PRODUCT_NAME}`,
    [
      greeting(input.name),
      paragraph(`Thank you for signing up to ${PRODUCT_NAME}. Confirm that this address is yours:`),
      button('Confirm your email address', link),
      paragraph(
        `The link expires in ${expiry} and works once. Once confirmed, an administrator reviews your account; we mail you when it is approved.`,
      ),
      paragraph('If you did not sign up, ignore this mail: the account is never activated.'),
    ],
    { link },
  );
}

export function renderRegistrationNotice(
  input: Pick<MailPayload<'registration-notice'>, 'name'>,
  context: TemplateContext,
): RenderedMail {
  const signIn = appPage(context.appUrl, 'sign-in');
  const reset = appPage(context.appUrl, 'forgot-password');
  return composeMail(
    `Someone tried to sign up to ${PRODUCT_NAME} with your address`,
    [
      greeting(input.name),
      paragraph(
        `Someone tried to create a ${PRODUCT_NAME} account with this email address, which already has one. No new account was created.`,
      ),
      paragraph('If it was you, sign in instead, or reset your password if you forgot it:'),
      button('Sign in', signIn),
      button('Reset your password', reset),
      paragraph('If it was not you, ignore this mail: nothing changed on your account.'),
    ],
    { link: signIn },
  );
}

export function renderAccountApproved(
  input: Pick<MailPayload<'account-approved'>, 'name'>,
  context: TemplateContext,
): RenderedMail {
  const signIn = appPage(context.appUrl, 'sign-in');
  return composeMail(
    `Your ${PRODUCT_NAME} account is approved`,
    [
      greeting(input.name),
      paragraph(`An administrator approved your ${PRODUCT_NAME} account. You can sign in now:`),
      button('Sign in', signIn),
    ],
    { link: signIn },
  );
}
