import { z } from '@hono/zod-openapi';
import { ROLE_VALUES, type RoleValue } from '@praxis/validators';

/** Seed 002's admin view of a user. `_id` is our uuid; empty text fields are "" as the seed shows. */
export const seed002UserSchema = z
  .object({
    _id: z.string().openapi({ format: 'uuid', description: 'The user id (a uuid string)' }),
    admin: z.boolean().openapi({ description: 'Holds the admin role' }),
    agree_license: z
      .string()
      .nullable()
      .openapi({ format: 'date-time', description: 'When the user accepted the license; null if never' }),
    approved: z.boolean(),
    company: z.string(),
    company_url: z.string(),
    disabled: z.boolean().openapi({ description: 'The account is disabled (inactive)' }),
    effective_date: z
      .string()
      .nullable()
      .openapi({ format: 'date', description: 'The day from which the user may sign in' }),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    npi: z.string(),
    registry_id: z.string(),
    registry_name: z.string(),
    staff_role: z.boolean().openapi({ description: 'Holds the staff role' }),
    tin: z.string(),
    username: z.string(),
  })
  .openapi('Seed002User', {
    example: {
      _id: '0b4c3c1e-9a43-4f57-8f3c-2a0f6f1f6a10',
      admin: false,
      agree_license: null,
      approved: false,
      company: '',
      company_url: '',
      disabled: false,
      effective_date: null,
      email: 'email@email.com',
      first_name: 'fname',
      last_name: 'lname',
      npi: '',
      registry_id: '',
      registry_name: '',
      staff_role: true,
      tin: '',
      username: 'user',
    },
  });

/** The fields of our User shape this mapper reads. */
export interface OurAdminUser {
  id: string;
  email: string;
  username: string | null;
  firstName: string;
  lastName: string;
  roles: readonly string[];
  status: string;
  approvedAt: Date | null;
  licenseAcceptedAt: Date | null;
  effectiveDate: string | null;
  npi: string | null;
  tin: string | null;
  company: string | null;
  companyUrl: string | null;
  registryId: string | null;
  registryName: string | null;
}

export function toSeed002User(user: OurAdminUser): z.infer<typeof seed002UserSchema> {
  return {
    _id: user.id,
    admin: user.roles.includes('admin'),
    agree_license: user.licenseAcceptedAt === null ? null : new Date(user.licenseAcceptedAt).toISOString(),
    approved: user.approvedAt !== null,
    company: user.company ?? '',
    company_url: user.companyUrl ?? '',
    disabled: user.status === 'inactive',
    effective_date: user.effectiveDate,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    npi: user.npi ?? '',
    registry_id: user.registryId ?? '',
    registry_name: user.registryName ?? '',
    staff_role: user.roles.includes('staff'),
    tin: user.tin ?? '',
    username: user.username ?? '',
  };
}

/** Seed 002 names the staff role after its flag (`staff_role`); our own role names are accepted too. */
const SEED_ROLE_NAMES: Record<string, RoleValue> = { staff_role: 'staff' };
export const SEED002_ROLE_VALUES = [...Object.keys(SEED_ROLE_NAMES), ...ROLE_VALUES] as const;

export const seed002RoleBodySchema = z
  .object({
    role: z
      .enum(SEED002_ROLE_VALUES as unknown as [string, ...string[]], {
        error: `Role must be one of ${SEED002_ROLE_VALUES.join(', ')}`,
      })
      .openapi({
        description: '`staff_role` is the staff role; the others are our role names',
        example: 'staff_role',
      }),
  })
  .openapi('Seed002RoleBody');

export const fromSeed002Role = (role: string): RoleValue => SEED_ROLE_NAMES[role] ?? (role as RoleValue);
