import type { MailPayload } from '@praxis/jobs';
import type { RenderedMail, TemplateContext } from '../message';
import { button, composeMail, greeting, PRODUCT_NAME, paragraph } from './compose';
import { singleLine } from './escape';
import { describeExpiry } from './expiry';
import { tokenLink } from './links';

type InvitationInput = Pick<
  MailPayload<'invitation'>,
  'name' | 'token' | 'expiresAt' | 'organizationName' | 'inviterName'
>;

export function renderInvitation(input: InvitationInput, context: TemplateContext): RenderedMail {
  const link = tokenLink(context.appUrl, 'accept-invite', input.token);
  const expiry = describeExpiry(input.expiresAt, context.now ?? new Date());
  const inviter = singleLine(input.inviterName) || 'An administrator';
  const organization = input.organizationName ? singleLine(input.organizationName) : '';
  const destination = organization ? `${organization} on ${PRODUCT_NAME}` : PRODUCT_NAME;
  return composeMail(
    `${inviter} invited you to join ${destination}`,
    [
      greeting(input.name),
      paragraph(
        `${inviter} invited you to join ${destination}. Accept the invitation and choose a password:`,
      ),
      button('Accept the invitation', link),
      paragraph(`The invitation expires in ${expiry} and works once.`),
      paragraph('If you did not expect it, ignore this mail: no account is created until you accept.'),
    ],
    { link },
  );
}
