import { z } from 'zod';
import { emailSchema, idSchema, passwordSchema } from './common';
import { plainText } from './lists';
import { listPagingFields, onePagingMode } from './orgs';
import { roleSchema } from './roles';

export const INVITATION_STATUS_VALUES = ['pending', 'accepted', 'revoked', 'expired'] as const;

const invitationToken = z
  .string()
  .min(20, 'This invitation link is invalid')
  .max(200, 'This invitation link is invalid');

export const createInvitationInput = z.object({
  email: emailSchema,
  roles: z
    .array(roleSchema)
    .min(1, 'Give at least one role')
    .max(8)
    .transform((roles) => [...new Set(roles)]),
  organizationId: idSchema.nullish(),
  firstName: plainText(255, 'Name').optional(),
  lastName: plainText(255, 'Name').optional(),
});

export const listInvitationsInput = z
  .object({
    ...listPagingFields,
    organizationId: idSchema.optional(),
    status: z
      .enum(INVITATION_STATUS_VALUES, {
        error: `Status must be one of ${INVITATION_STATUS_VALUES.join(', ')}`,
      })
      .optional(),
  })
  .strict()
  .refine(...onePagingMode)
  .prefault({});

export const invitationIdInput = z.object({ id: idSchema });

export const lookupInvitationInput = z.object({ token: invitationToken });

export const acceptInvitationInput = z.object({
  token: invitationToken,
  password: passwordSchema,
  firstName: plainText(255, 'First name').min(1, 'First name cannot be empty').optional(),
  lastName: plainText(255, 'Last name').min(1, 'Last name cannot be empty').optional(),
});
