import { z } from 'zod';
import { idSchema } from './common';
import { plainText } from './lists';
import { listPagingFields, onePagingMode } from './orgs';

const groupName = plainText(255, 'Name').min(1, 'Name is required');
const description = plainText(1000, 'Description').nullable();

export const createGroupInput = z.object({
  name: groupName,
  /** Defaults to the caller's organisation. */
  organizationId: idSchema.nullish(),
  description: description.optional(),
});

export const groupPatchSchema = z.object({ name: groupName, description }).partial().strict();

export const updateGroupInput = z.object({ id: idSchema, patch: groupPatchSchema });

export const groupIdInput = z.object({ id: idSchema });

export const listGroupsInput = z
  .object({
    ...listPagingFields,
    organizationId: idSchema.optional(),
    search: plainText(255, 'Search').optional(),
  })
  .strict()
  .refine(...onePagingMode)
  .prefault({});

export const groupMembersInput = z.object({
  id: idSchema,
  userIds: z
    .array(idSchema)
    .min(1, 'Give at least one user')
    .max(500, 'At most 500 users at a time')
    .transform((ids) => [...new Set(ids)]),
});
