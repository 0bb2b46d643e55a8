import type { MailPayload, SecurityNoticeKind } from '@praxis/jobs';
import type { RenderedMail, TemplateContext } from '../message';
import { type Block, button, composeMail, greeting, PRODUCT_NAME, paragraph } from './compose';
import { singleLine } from './escape';

// Security notices: each tells the owner what happened and when, and what to do if it was not
// them (reset the password, tell an administrator). They carry no secret.

const when = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function notMe(context: TemplateContext, what: string): Block[] {
  const link = `${context.appUrl.replace(/\/+$/, '')}/forgot-password`;
  return [
    paragraph(`If this was not you, ${what}: reset your password now and tell your administrator.`),
    button('Reset your password', link),
  ];
}

type Input<K extends SecurityNoticeKind> = Omit<MailPayload<K>, 'to'>;

export function renderPasswordChanged(
  input: Input<'password-changed'>,
  context: TemplateContext,
): RenderedMail {
  return composeMail(
    `Your ${PRODUCT_NAME} password was changed`,
    [
      greeting(input.name),
      paragraph(`The password of your ${PRODUCT_NAME} account was changed on ${when(input.at)}.`),
      ...notMe(context, 'someone else has your account'),
    ],
    {},
  );
}

export function renderEmailChanged(input: Input<'email-changed'>, context: TemplateContext): RenderedMail {
  const link = `${context.appUrl.replace(/\/+$/, '')}/forgot-password`;
  return composeMail(
    `The email address of your ${PRODUCT_NAME} account was changed`,
    [
      greeting(input.name),
      paragraph(
        `On ${when(input.at)} the email address of your ${PRODUCT_NAME} account was changed from this address to ${singleLine(input.newEmail)}. Mails for the account, password resets included, now go there.`,
      ),
      paragraph(
        'If you did not ask for this, contact your administrator at once to report it: they can set your address back. Then reset your password:',
      ),
      button('Reset your password', link),
    ],
    { link },
  );
}

export function renderNewSignIn(input: Input<'new-sign-in'>, context: TemplateContext): RenderedMail {
  return composeMail(
    `New sign-in to your ${PRODUCT_NAME} account`,
    [
      greeting(input.name),
      paragraph(`Your ${PRODUCT_NAME} account was signed in to from a device we had not seen before.`),
      paragraph(`When: ${when(input.at)}`),
      paragraph(`Device: ${singleLine(input.userAgent ?? '') || 'unknown'}`),
      paragraph(`Network: ${input.ipPrefix ?? 'unknown'}`),
      ...notMe(context, 'someone knows your password'),
    ],
    {},
  );
}

export function renderImpersonationStarted(
  input: Input<'impersonation-started'>,
  _context: TemplateContext,
): RenderedMail {
  const impersonator = `${singleLine(input.impersonatorName) || 'An administrator'} (${input.impersonatorEmail})`;
  return composeMail(
    `${singleLine(input.impersonatorName) || 'An administrator'} signed in as you on ${PRODUCT_NAME}`,
    [
      greeting(input.name),
      paragraph(
        `On ${when(input.at)}, ${impersonator} signed in to ${PRODUCT_NAME} as you, until ${when(input.expiresAt)} at the latest.`,
      ),
      paragraph(`The reason they gave: ${input.reason}`),
      paragraph(
        'They cannot change your password, email address or two-factor settings. Everything they do is recorded under both names, and the session shows on your Account page. If you did not expect this, contact your administrator.',
      ),
    ],
    {},
  );
}

export function renderTwoFactorDisabled(
  input: Input<'two-factor-disabled'>,
  context: TemplateContext,
): RenderedMail {
  const method = {
    email: 'sign-in codes by email',
    totp: 'your authenticator app',
    all: 'two-factor sign-in',
  }[input.method];
  const what =
    input.change === 'reset'
      ? `An administrator reset ${method} on your ${PRODUCT_NAME} account`
      : `${method[0]?.toUpperCase()}${method.slice(1)} was turned off on your ${PRODUCT_NAME} account`;
  return composeMail(
    `Two-factor sign-in changed on your ${PRODUCT_NAME} account`,
    [
      greeting(input.name),
      paragraph(`${what} on ${when(input.at)}. Signing in may now need only your password.`),
      ...notMe(context, 'someone else has your account'),
    ],
    {},
  );
}

export function renderBackupCodeUsed(
  input: Input<'backup-code-used'>,
  context: TemplateContext,
): RenderedMail {
  return composeMail(
    `A backup code was used to sign in to ${PRODUCT_NAME}`,
    [
      greeting(input.name),
      paragraph(
        `A backup code was used to sign in to your ${PRODUCT_NAME} account on ${when(input.at)}. ${input.remaining} ${input.remaining === 1 ? 'code is' : 'codes are'} left.`,
      ),
      ...notMe(context, 'someone has your password and a backup code'),
    ],
    {},
  );
}

/** The renderer of each security notice kind. */
export const securityNoticeRenderers: {
  [K in SecurityNoticeKind]: (input: Input<K>, context: TemplateContext) => RenderedMail;
} = {
  'password-changed': renderPasswordChanged,
  'email-changed': renderEmailChanged,
  'new-sign-in': renderNewSignIn,
  'impersonation-started': renderImpersonationStarted,
  'two-factor-disabled': renderTwoFactorDisabled,
  'backup-code-used': renderBackupCodeUsed,
};
