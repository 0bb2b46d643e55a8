import { z } from 'zod';
import { emailSchema, idSchema, nameSchema, passwordSchema } from './common';
import { npiSchema } from './npi';
import { roleSchema } from './roles';

export const createUserInput = z.object({
  email: emailSchema,
  firstName: nameSchema.min(1, 'First name is required'),
  lastName: nameSchema.min(1, 'Last name is required'),
  roles: z.array(roleSchema).min(1, 'Give at least one role').max(8),
  organizationId: idSchema.nullish(),
  password: passwordSchema.optional(),
});

const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`).nullable();

/** Writable User fields (not id, roles, status, archivedAt, timestamps or presence). */
export const userPatchSchema = z
  .object({
    email: emailSchema,
    username: z
      .string()
      .trim()
      .min(3, 'At least 3 characters')
      .max(64, 'At most 64 characters')
      .regex(/^[a-zA-Z0-9._-]+$/, 'Letters, digits, dot, dash and underscore only')
      .nullable(),
    firstName: nameSchema,
    lastName: nameSchema,
    title: optionalText(255),
    phoneNumber: optionalText(20),
    dateOfBirth: z.iso.date({ error: 'Use a date like 1980-01-31' }).nullable(),
    gender: optionalText(50),
    timezone: optionalText(155),
    imageUrl: z.url({ error: 'Must be a URL' }).max(2048).nullable(),
    clinical: z.boolean(),
    npi: npiSchema.nullable(),
    tin: optionalText(20),
    company: optionalText(255),
    companyUrl: z.url({ error: 'Must be a URL' }).max(2048).nullable(),
    registryId: optionalText(255),
    registryName: optionalText(255),
    providerSignature: z.boolean(),
    providerSignatureUrl: z.url({ error: 'Must be a URL' }).max(2048).nullable(),
    primaryPracticeAddress: optionalText(1000),
    physicianOnlyResults: z.boolean(),
    email2faEnabled: z.boolean(),
    firstTimeLogin: z.boolean(),
    organizationId: idSchema.nullable(),
    locations: z.array(z.string().trim().min(1).max(255)).max(100),
    providerIds: z.array(idSchema).max(100),
  })
  .partial()
  .strict();

export const updateUserInput = z.object({ id: idSchema, patch: userPatchSchema });
