import { z } from 'zod';
import { idSchema } from './common';
import { cursorSchema, pageSchema, pageSizeSchema, plainText } from './lists';

export const ORGANIZATION_STATUS_VALUES = ['active', 'inactive'] as const;
export const organizationStatusSchema = z.enum(ORGANIZATION_STATUS_VALUES, {
  error: 'Status must be active or inactive',
});

const organizationName = plainText(255, 'Name').min(1, 'Name is required');

/** Paging fields every list of this area takes: `page` or a previous answer's `nextCursor`. */
export const listPagingFields = {
  page: pageSchema.optional(),
  pageSize: pageSizeSchema,
  cursor: cursorSchema.optional(),
};

const isOnePagingMode = (value: { page?: number | undefined; cursor?: string | undefined }) =>
  value.page === undefined || value.cursor === undefined;

/** `.refine(...onePagingMode)`: a list takes `page` or `cursor`, not both. */
export const onePagingMode: [typeof isOnePagingMode, { error: string; path: PropertyKey[] }] = [
  isOnePagingMode,
  { error: 'Pass either page or cursor, not both', path: ['cursor'] },
];

/** Members must have 2FA before they may do anything but enrol (enforced 2FA). */
const requireTwoFactor = z.boolean({ error: 'requireTwoFactor must be true or false' });

export const createOrgInput = z.object({
  name: organizationName,
  therapistUserId: idSchema.nullish(),
  requireTwoFactor: requireTwoFactor.optional(),
});

export const orgPatchSchema = z
  .object({ name: organizationName, therapistUserId: idSchema.nullable(), requireTwoFactor })
  .partial()
  .strict();

export const updateOrgInput = z.object({ id: idSchema, patch: orgPatchSchema });

/** orgs.upsert: with `id` a partial update, else a create (which needs a name). */
export const upsertOrgInput = z
  .object({
    id: idSchema.optional(),
    name: organizationName.optional(),
    therapistUserId: idSchema.nullish(),
    requireTwoFactor: requireTwoFactor.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.id && input.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Name is required to create an organisation' });
    }
  });

export const orgIdInput = z.object({ id: idSchema });

export const listOrgsInput = z
  .object({
    ...listPagingFields,
    search: plainText(255, 'Search').optional(),
    status: organizationStatusSchema.optional(),
    /** Archived organisations are hidden unless asked for (true: only archived ones). */
    archived: z.boolean().default(false),
  })
  .strict()
  .refine(...onePagingMode)
  .prefault({});

export const orgsByTherapistInput = z.object({ therapistUserId: idSchema });
