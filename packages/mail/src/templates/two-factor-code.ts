import type { MailPayload } from '@praxis/jobs';
import type { RenderedMail, TemplateContext } from '../message';
import { code, composeMail, greeting, PRODUCT_NAME, paragraph } from './compose';
import { describeExpiry } from './expiry';

type TwoFactorCodeInput = Pick<MailPayload<'two-factor-code'>, 'name' | 'code' | 'expiresAt'>;

export function renderTwoFactorCode(input: TwoFactorCodeInput, context: TemplateContext): RenderedMail {
  const expiry = describeExpiry(input.expiresAt, context.now ?? new Date());
  return composeMail(
    `Your ${PRODUCT_NAME} sign-in code`,
    [
      greeting(input.name),
      paragraph(`Enter this code to finish signing in to ${PRODUCT_NAME}:`),
      code(input.code),
      paragraph(`The code expires in ${expiry} and works once.`),
      paragraph('If you did not just try to sign in, someone knows your password: change it now.'),
    ],
    { code: input.code },
  );
}
