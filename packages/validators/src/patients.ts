import { z } from 'zod';
import { idSchema } from './common';
import { plainText } from './lists';
import { listPagingFields, onePagingMode } from './orgs';
import { dateOfBirthSchema, personNameSchema } from './user-fields';

const firstName = personNameSchema.min(1, 'First name is required');
const lastName = personNameSchema.min(1, 'Last name is required');

export const createPatientInput = z
  .object({
    firstName,
    lastName,
    dateOfBirth: dateOfBirthSchema.nullish(),
    active: z.boolean().optional(),
    /** Defaults to the caller's organisation. */
    organizationId: idSchema.nullish(),
  })
  .strict();

export const patientPatchSchema = z
  .object({ firstName, lastName, dateOfBirth: dateOfBirthSchema.nullable(), active: z.boolean() })
  .partial()
  .strict();

export const updatePatientInput = z.object({ id: idSchema, patch: patientPatchSchema }).strict();

export const patientIdInput = z.object({ id: idSchema }).strict();

/** patients.archive: `archived: false` restores an archived patient. */
export const archivePatientInput = z.object({ id: idSchema, archived: z.boolean().default(true) }).strict();

export const patientLinkInput = z.object({ id: idSchema, userId: idSchema }).strict();

export const listPatientsInput = z
  .object({
    ...listPagingFields,
    organizationId: idSchema.optional(),
    /** Substring of "first last", case-insensitive. */
    search: plainText(200, 'Search').optional(),
    active: z.boolean().optional(),
    /** Archived patients are hidden unless asked for (true: only archived ones). */
    archived: z.boolean().default(false),
    /** Only the patients linked to this parent user. */
    parentId: idSchema.optional(),
  })
  .strict()
  .refine(...onePagingMode)
  .prefault({});

export type ListPatientsInput = z.output<typeof listPatientsInput>;
