import { z } from 'zod';
import { emailSchema, idSchema } from './common';
import { plainText } from './lists';
import { npiSchema } from './npi';
import {
  dateOfBirthSchema,
  genderSchema,
  imageUrlSchema,
  personNameSchema,
  phoneNumberSchema,
  timezoneSchema,
  usernameSchema,
} from './user-fields';

const text = (max: number) => plainText(max);

/** Roles a practice profile may set as `professional.role`; admin, support and client_admin are account roles. */
export const PROFESSIONAL_ROLE_VALUES = ['provider', 'supervisor', 'staff', 'billing', 'parent'] as const;

// The personal fields are the user's own columns under the profile's names, with the same schema per
// field as users.update (./user-fields). Every field is optional: an omitted field is left as it
// is, null clears it.
export const profilePersonalSchema = z
  .object({
    userloginname: usernameSchema.nullable(),
    firstName: personNameSchema.nullable(),
    lastName: personNameSchema.nullable(),
    email: emailSchema,
    gender: genderSchema.nullable(),
    phoneNumber: phoneNumberSchema.nullable(),
    dob: dateOfBirthSchema.nullable(),
    image: imageUrlSchema.nullable(),
    timezone: timezoneSchema.nullable(),
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
    npi: npiSchema.nullable(),
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
