import { z } from 'zod';
import { emailSchema, idSchema, passwordSchema } from './common';
import { cursorSchema, instantSchema, pageSchema, pageSizeSchema, plainText, sortDirSchema } from './lists';
import { npiSchema } from './npi';
import { roleSchema } from './roles';
import {
  dateOfBirthSchema,
  effectiveDateSchema,
  genderSchema,
  imageUrlSchema,
  personNameSchema,
  phoneNumberSchema,
  timezoneSchema,
  usernameSchema,
  webUrlSchema,
} from './user-fields';

export const createUserInput = z.object({
  email: emailSchema,
  firstName: personNameSchema.min(1, 'First name is required'),
  lastName: personNameSchema.min(1, 'Last name is required'),
  roles: z.array(roleSchema).min(1, 'Give at least one role').max(8),
  organizationId: idSchema.nullish(),
  password: passwordSchema.optional(),
});

const optionalText = (max: number) => plainText(max).nullable();

/** Writable User fields (not id, roles, status, archivedAt, timestamps or presence). */
export const userPatchSchema = z
  .object({
    email: emailSchema,
    username: usernameSchema.nullable(),
    firstName: personNameSchema,
    lastName: personNameSchema,
    title: optionalText(255),
    phoneNumber: phoneNumberSchema.nullable(),
    dateOfBirth: dateOfBirthSchema.nullable(),
    gender: genderSchema.nullable(),
    timezone: timezoneSchema.nullable(),
    imageUrl: imageUrlSchema.nullable(),
    clinical: z.boolean(),
    npi: npiSchema.nullable(),
    tin: optionalText(20),
    company: optionalText(255),
    companyUrl: webUrlSchema.nullable(),
    registryId: optionalText(255),
    registryName: optionalText(255),
    providerSignature: z.boolean(),
    providerSignatureUrl: webUrlSchema.nullable(),
    primaryPracticeAddress: optionalText(1000),
    physicianOnlyResults: z.boolean(),
    email2faEnabled: z.boolean(),
    firstTimeLogin: z.boolean(),
    /** Before this UTC date the user cannot sign in; null: no such date. */
    effectiveDate: effectiveDateSchema.nullable(),
    organizationId: idSchema.nullable(),
    locations: z.array(plainText(255).pipe(z.string().min(1, 'A location may not be empty'))).max(100),
    providerIds: z.array(idSchema).max(100),
  })
  .partial()
  .strict();

export const updateUserInput = z.object({
  id: idSchema,
  patch: userPatchSchema,
  /** Required when a user changes their own email (not when a writer changes someone else's). */
  currentPassword: z.string().max(128).optional(),
});

/**
 * `users.updateAccess`: the fields of `users.update` and, in the same transaction, `role` (becomes
 * the user's only role) and `active` (true enables, false disables). Seed 003's admin PUT.
 */
export const updateUserAccessInput = z.object({
  id: idSchema,
  patch: userPatchSchema.default({}),
  role: roleSchema.optional(),
  active: z.boolean().optional(),
});

export const userIdInput = z.object({ id: idSchema });

export const updateNpiInput = z.object({ id: idSchema, npi: npiSchema });

export const changeRoleInput = z.object({ id: idSchema, role: roleSchema });

export const suspendUserInput = z.object({
  id: idSchema,
  /** Without `until` the suspension lasts until someone lifts it. */
  until: instantSchema.optional(),
  reason: plainText(500, 'Reason').optional(),
});

export const BULK_ACTIONS = ['archive', 'unarchive', 'enable', 'disable', 'approve'] as const;
export const MAX_BULK_IDS = 500;

export const bulkUsersInput = z.object({
  ids: z
    .array(idSchema)
    .min(1, 'Pick at least one user')
    .max(MAX_BULK_IDS, `At most ${MAX_BULK_IDS} users at once`),
  action: z.enum(BULK_ACTIONS, { error: `Action must be one of ${BULK_ACTIONS.join(', ')}` }),
});

export const USER_SORT_FIELDS = [
  'createdAt',
  'email',
  'firstName',
  'lastName',
  'lastActivity',
  'lastLoginAt',
] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

export const USER_STATUS_VALUES = ['pending', 'active', 'inactive', 'suspended'] as const;

// Unknown filter keys are refused rather than ignored: a typo must not silently list everyone.
export const userFiltersSchema = z
  .object({
    active: z.boolean(),
    roles: z.array(roleSchema).max(8),
    status: z
      .array(z.enum(USER_STATUS_VALUES, { error: `Status must be one of ${USER_STATUS_VALUES.join(', ')}` }))
      .max(4),
    clinical: z.boolean(),
    /** Whether the email address has been proven (emailConfirmedAt set). */
    confirmed: z.boolean(),
    organizationId: idSchema,
    online: z.boolean(),
    archived: z.boolean(),
    createdFrom: instantSchema,
    createdTo: instantSchema,
    /** Users linked to a patient whose "first last" contains this, case-insensitive. */
    patientName: plainText(200, 'Patient name').min(1, 'Patient name is required'),
  })
  .partial()
  .strict();

const pagingFields = {
  page: pageSchema.optional(),
  pageSize: pageSizeSchema,
  cursor: cursorSchema.optional(),
};

const onePagingMode = (value: { page?: number | undefined; cursor?: string | undefined }) =>
  value.page === undefined || value.cursor === undefined;
const onePagingModeError = { error: 'Pass either page or cursor, not both', path: ['cursor'] };

/** What selects and orders users.list's rows (everything but paging). */
const userQueryFields = {
  sortBy: z
    .enum(USER_SORT_FIELDS, { error: `Sort by one of ${USER_SORT_FIELDS.join(', ')}` })
    .default('createdAt'),
  sortDir: sortDirSchema,
  search: plainText(200, 'Search').optional(),
  filters: userFiltersSchema.default({}),
};

export const listUsersInput = z
  .object({ ...pagingFields, ...userQueryFields })
  .strict()
  .refine(onePagingMode, onePagingModeError)
  .prefault({});

/** The CSV export of users: users.list's search, filters and sort, every matching row. */
export const exportUsersInput = z.object(userQueryFields).strict().prefault({});
export type ExportUsersInput = z.output<typeof exportUsersInput>;

/** `users.active` / `users.archived`: a page of the shortcut's fixed list. */
export const userShortcutListInput = z
  .object(pagingFields)
  .strict()
  .refine(onePagingMode, onePagingModeError)
  .prefault({});

export type ListUsersInput = z.output<typeof listUsersInput>;
export type UserFilters = z.output<typeof userFiltersSchema>;
