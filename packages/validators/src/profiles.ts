import { z } from 'zod';
import { emailSchema, idSchema } from './common';
import { plainText } from './lists';
import { npiSchema } from './npi';

const text = (max: number) => plainText(max);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const isNotFuture = (date: string) => date <= new Date().toISOString().slice(0, 10);

/** Roles a practice profile may set as `professional.role`; admin, support and client_admin are account roles. */
export const PROFESSIONAL_ROLE_VALUES = ['provider', 'supervisor', 'staff', 'billing', 'parent'] as const;

// Seed 001 limits: text 255, phoneNumber 20, timezone 155, npi 128 (and the CMS check digit).
// Every field is optional: an omitted field is left as it is, null clears it.
export const profilePersonalSchema = z
  .object({
    userloginname: text(255).min(1, 'Login name cannot be empty').nullable(),
    firstName: text(255).nullable(),
    lastName: text(255).nullable(),
    email: emailSchema,
    gender: text(255).nullable(),
    phoneNumber: text(20).nullable(),
    dob: z.iso
      .date({ error: 'Use a date like 1980-01-31' })
      .refine(isNotFuture, { error: 'Date of birth cannot be in the future' })
      .nullable(),
    image: z.url({ error: 'Must be a URL' }).max(2048, 'At most 2048 characters').nullable(),
    timezone: text(155)
      .refine(isTimeZone, { error: 'Unknown time zone (use e.g. America/New_York)' })
      .nullable(),
  })
  .partial()
  .strict();

export const profileAddressSchema = z
  .object({
    addressLine1: text(255).min(1, 'Address line 1 is required'),
    addressLine2: text(255).nullish(),
    city: text(255).nullish(),
    state: text(255).nullish(),
    country: text(255).nullish(),
    zipcode: text(255).nullish(),
  })
  .strict();

export const profileAccountSchema = z
  .object({
    loginid: text(255).nullable(),
    /** The organisation (seed: orgid). */
    orgid: idSchema.nullable(),
    /** Holds the client_admin role (seed: is_org_admin). */
    isOrgAdmin: z.boolean(),
  })
  .partial()
  .strict();

export const profileProfessionalSchema = z
  .object({
    npi: z.string().max(128, 'At most 128 characters').pipe(npiSchema).nullable(),
    role: z.enum(PROFESSIONAL_ROLE_VALUES, {
      error: `Role must be one of ${PROFESSIONAL_ROLE_VALUES.join(', ')}`,
    }),
  })
  .partial()
  .strict();

/** An omitted section is left untouched; `addresses`, when given, replaces the whole set. */
export const upsertProfileInput = z
  .object({
    userId: idSchema,
    personal: profilePersonalSchema.optional(),
    addresses: z.array(profileAddressSchema).max(20, 'At most 20 addresses').optional(),
    account: profileAccountSchema.optional(),
    professional: profileProfessionalSchema.optional(),
    /** Required when a user changes their own email (not when a writer changes someone else's). */
    currentPassword: z.string().max(128).optional(),
  })
  .strict();

export const getProfileInput = z.object({ userId: idSchema });

export type UpsertProfileInput = z.infer<typeof upsertProfileInput>;
