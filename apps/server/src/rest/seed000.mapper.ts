import { z } from '@hono/zod-openapi';
import { ROLE_VALUES } from '@praxis/validators';

const uuid = (description: string) => z.string().openapi({ format: 'uuid', description });
const dateTime = z.string().openapi({ format: 'date-time' });

/** Seed 000's user. Ids are our uuids as strings. */
export const seed000UserSchema = z
  .object({
    id: uuid('The user id (a uuid string)'),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    is_online: z.boolean().nullable().openapi({ description: 'null when presence cannot be read' }),
    last_activity: dateTime.nullable(),
    is_active: z.boolean(),
    is_deleted: z.boolean().openapi({ description: 'Archived (soft-deleted)' }),
    role: z
      .enum(ROLE_VALUES)
      .nullable()
      .openapi({
        description: `The principal role: the first the user holds in the order ${ROLE_VALUES.join(' > ')}`,
      }),
    roles: z.array(z.enum(ROLE_VALUES)),
    phone_number: z.string().nullable(),
    provider_signature: z.boolean(),
    provider_signature_url: z.string().nullable(),
    npi: z.string().nullable(),
    primary_practice_address: z.string().nullable(),
    first_time_login: z.boolean(),
    organization: uuid('The organisation id').nullable(),
    organization_name: z.string().nullable(),
    location: z.array(z.string()),
    provider: z.array(z.string()),
    physician_only_results: z.boolean(),
    email_2fa_enabled: z.boolean(),
    title: z.string().nullable(),
  })
  .openapi('Seed000User');

export type Seed000User = z.infer<typeof seed000UserSchema>;

/** The fields of our User shape this mapper reads (what users.get / auth.login answer). */
export interface OurUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  isOnline: boolean | null;
  lastActivity: Date | null;
  isActive: boolean;
  archivedAt: Date | null;
  roles: readonly string[];
  phoneNumber: string | null;
  providerSignature: boolean;
  providerSignatureUrl: string | null;
  npi: string | null;
  primaryPracticeAddress: string | null;
  firstTimeLogin: boolean;
  organization: { id: string; name: string } | null;
  locations: readonly string[] | null;
  providerIds: readonly string[] | null;
  physicianOnlyResults: boolean;
  email2faEnabled: boolean;
  title: string | null;
}

type Role = (typeof ROLE_VALUES)[number];

/** ROLE_VALUES runs from the most privileged role to the least: the first held is the principal. */
export const principalRole = (roles: readonly string[]): Role | null =>
  ROLE_VALUES.find((role) => roles.includes(role)) ?? null;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toSeed000User(user: OurUser): Seed000User {
  const roles = ROLE_VALUES.filter((role) => user.roles.includes(role));
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    is_online: user.isOnline,
    last_activity: iso(user.lastActivity),
    is_active: user.isActive,
    is_deleted: user.archivedAt !== null,
    role: principalRole(user.roles),
    roles,
    phone_number: user.phoneNumber,
    provider_signature: user.providerSignature,
    provider_signature_url: user.providerSignatureUrl,
    npi: user.npi,
    primary_practice_address: user.primaryPracticeAddress,
    first_time_login: user.firstTimeLogin,
    organization: user.organization?.id ?? null,
    organization_name: user.organization?.name ?? null,
    location: [...(user.locations ?? [])],
    provider: [...(user.providerIds ?? [])],
    physician_only_results: user.physicianOnlyResults,
    email_2fa_enabled: user.email2faEnabled,
    title: user.title,
  };
}

/** Seed 000's PUT body (snake_case) → our users.update patch. */
export const seed000UserPatchSchema = z
  .object({
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    title: z.string().nullable(),
    phone_number: z.string().nullable(),
    npi: z.string().nullable(),
    provider_signature: z.boolean(),
    provider_signature_url: z.string().nullable(),
    primary_practice_address: z.string().nullable(),
    physician_only_results: z.boolean(),
    email_2fa_enabled: z.boolean(),
    first_time_login: z.boolean(),
    organization: z.string().nullable().openapi({ format: 'uuid' }),
    location: z.array(z.string()),
    provider: z.array(z.string()),
    current_password: z.string().openapi({ description: 'Required when changing your own email' }),
  })
  .partial()
  .strict()
  .openapi('Seed000UserPatch');

const PATCH_NAMES = {
  email: 'email',
  first_name: 'firstName',
  last_name: 'lastName',
  title: 'title',
  phone_number: 'phoneNumber',
  npi: 'npi',
  provider_signature: 'providerSignature',
  provider_signature_url: 'providerSignatureUrl',
  primary_practice_address: 'primaryPracticeAddress',
  physician_only_results: 'physicianOnlyResults',
  email_2fa_enabled: 'email2faEnabled',
  first_time_login: 'firstTimeLogin',
  organization: 'organizationId',
  location: 'locations',
  provider: 'providerIds',
} as const;

/** Our patch field → the request's, for 422 bodies. */
export const PATCH_FIELD_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(PATCH_NAMES).map(([rest, ours]) => [ours, rest]),
);

export function fromSeed000Patch(body: z.infer<typeof seed000UserPatchSchema>) {
  const patch: Record<string, unknown> = {};
  for (const [rest, ours] of Object.entries(PATCH_NAMES)) {
    const value = body[rest as keyof typeof body];
    if (value !== undefined) patch[ours] = value;
  }
  return patch;
}
