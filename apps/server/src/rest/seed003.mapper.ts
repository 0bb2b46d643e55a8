import { z } from '@hono/zod-openapi';
import { ROLE_VALUES, USER_SORT_FIELDS, USER_STATUS_VALUES } from '@praxis/validators';
import { principalRole } from './seed000.mapper';

// Seed 003 ("Admin Users API", /v1/admin/…): its user, list filters and dashboard, snake_case.
const dateTime = z.string().openapi({ format: 'date-time' });
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export const seed003UserSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', description: 'The user id (a uuid string)' }),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    phone: z.string().nullable(),
    date_of_birth: z.string().nullable().openapi({ format: 'date' }),
    role: z
      .enum(ROLE_VALUES)
      .nullable()
      .openapi({
        description: `The principal role: the first the user holds in the order ${ROLE_VALUES.join(' > ')}`,
      }),
    active: z
      .boolean()
      .openapi({ description: 'Effectively active (enabled, not suspended, organisation active)' }),
    clinical: z.boolean(),
    confirmed: z
      .boolean()
      .openapi({ description: 'The email address has been proven (a mailed link or code)' }),
    last_login: dateTime.nullable(),
    created_at: dateTime,
    updated_at: dateTime,
    patient: z
      .object({ id: z.string().openapi({ format: 'uuid' }), active: z.boolean() })
      .nullable()
      .openapi({
        description:
          "The first of the user's linked (unarchived) patients, or null. A parent may have several: the tRPC User shape lists them all.",
      }),
  })
  .openapi('Seed003User');

export type Seed003User = z.infer<typeof seed003UserSchema>;

/** The fields of our User shape this mapper reads. */
export interface OurSeed003User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phoneNumber: string | null;
  dateOfBirth: string | Date | null;
  roles: readonly string[];
  isActive: boolean;
  clinical: boolean;
  emailConfirmedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  patients: readonly { id: string; active: boolean }[];
}

const dateOnly = (value: string | Date | null) =>
  value === null ? null : typeof value === 'string' ? value : value.toISOString().slice(0, 10);

export function toSeed003User(user: OurSeed003User): Seed003User {
  const patient = user.patients[0];
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    phone: user.phoneNumber,
    date_of_birth: dateOnly(user.dateOfBirth),
    role: principalRole(user.roles),
    active: user.isActive,
    clinical: user.clinical,
    confirmed: user.emailConfirmedAt !== null,
    last_login: iso(user.lastLoginAt),
    created_at: iso(user.createdAt) ?? '',
    updated_at: iso(user.updatedAt) ?? '',
    patient: patient ? { id: patient.id, active: patient.active } : null,
  };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Our sort fields as seed 003 names them (`last_login_at` also as `last_login`). */
export const SORT_FIELDS: Record<string, (typeof USER_SORT_FIELDS)[number]> = {
  ...Object.fromEntries(USER_SORT_FIELDS.map((field) => [snake(field), field])),
  last_login: 'lastLoginAt',
};
export const SEED003_SORT_VALUES = Object.keys(SORT_FIELDS) as [string, ...string[]];

export const sortQuery = {
  sort_by: z
    .enum(SEED003_SORT_VALUES, { error: `Sort by one of ${SEED003_SORT_VALUES.join(', ')}` })
    .optional()
    .openapi({ description: 'Default created_at' }),
  sort_dir: z
    .string()
    .max(4)
    .optional()
    .openapi({ description: 'ASC or DESC (either case); default DESC', example: 'DESC' }),
};

/** POST filter_users body. */
export const filterUsersBodySchema = z
  .object({
    search: z.string().max(200).optional(),
    ...sortQuery,
    page: z.number().int().min(1).optional(),
    page_size: z.number().int().min(1).max(100).optional().openapi({ description: '1-100, default 20' }),
    filters: z
      .object({
        active: z.boolean(),
        roles: z.array(z.enum(ROLE_VALUES)).max(8),
        role: z.enum(ROLE_VALUES).openapi({ description: 'One role; joined with `roles` (any of them)' }),
        clinical: z.boolean(),
        confirmed: z.boolean(),
        date: z
          .object({
            start_date: z.string().openapi({ description: 'Created on or after (a date or date-time)' }),
            end_date: z.string().openapi({ description: 'Created on or before (a date or date-time)' }),
          })
          .partial()
          .strict(),
        patient_name: z
          .string()
          .max(200)
          .openapi({ description: 'Users linked to a patient whose "first last" contains this' }),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict()
  .openapi('Seed003FilterUsersBody', {
    example: { search: 'john', filters: { role: 'parent', active: true, clinical: true }, page_size: 50 },
  });

type FilterBody = z.infer<typeof filterUsersBodySchema>;

/** Seed 003's filters → users.list's. */
export function fromSeed003Filters(filters: NonNullable<FilterBody['filters']>) {
  const out: Record<string, unknown> = {};
  if (filters.active !== undefined) out.active = filters.active;
  if (filters.clinical !== undefined) out.clinical = filters.clinical;
  if (filters.confirmed !== undefined) out.confirmed = filters.confirmed;
  const roles = [...(filters.roles ?? []), ...(filters.role ? [filters.role] : [])];
  if (roles.length > 0) out.roles = [...new Set(roles)];
  if (filters.date?.start_date !== undefined) out.createdFrom = filters.date.start_date;
  if (filters.date?.end_date !== undefined) out.createdTo = filters.date.end_date;
  if (filters.patient_name !== undefined) out.patientName = filters.patient_name;
  return out;
}

/** Our list input's field names → the request's, for 422 bodies. */
export const FILTER_FIELD_NAMES: Record<string, string> = {
  sortBy: 'sort_by',
  sortDir: 'sort_dir',
  pageSize: 'page_size',
  'filters.createdFrom': 'filters.date.start_date',
  'filters.createdTo': 'filters.date.end_date',
  'filters.patientName': 'filters.patient_name',
};

/** PUT /v1/admin/clinic/users/{id} body. */
export const seed003UpdateBodySchema = z
  .object({
    user: z
      .object({
        first_name: z.string(),
        last_name: z.string(),
        email: z.string(),
        phone: z.string().nullable(),
        role: z.enum(ROLE_VALUES).openapi({ description: "Becomes the user's only role" }),
        active: z.boolean().openapi({ description: 'true enables, false disables the account' }),
        clinical: z.boolean(),
      })
      .partial()
      .strict(),
  })
  .strict()
  .openapi('Seed003UpdateUserBody', {
    example: { user: { first_name: 'Jonathan', role: 'provider', active: true, clinical: true } },
  });

export function fromSeed003Patch(user: z.infer<typeof seed003UpdateBodySchema>['user']) {
  const patch: Record<string, unknown> = {};
  if (user.first_name !== undefined) patch.firstName = user.first_name;
  if (user.last_name !== undefined) patch.lastName = user.last_name;
  if (user.email !== undefined) patch.email = user.email;
  if (user.phone !== undefined) patch.phoneNumber = user.phone;
  if (user.clinical !== undefined) patch.clinical = user.clinical;
  return patch;
}

/** Our patch fields → seed 003's (its 422 example names them bare: `email`, `role`). */
export const UPDATE_FIELD_NAMES: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  phoneNumber: 'phone',
};

export const dashboardSchema = z
  .object({
    total_users: z.number().int(),
    active_users: z.number().int(),
    new_users_this_month: z.number().int(),
    clinical_users: z.number().int(),
    provider_users: z.number().int(),
    recent_activity: z.array(
      z.object({
        user_id: z.string().nullable().openapi({ format: 'uuid', description: 'Who acted (uuid)' }),
        action: z.string().openapi({ example: 'auth.login' }),
        timestamp: dateTime,
      }),
    ),
  })
  .openapi('Seed003Dashboard');

export interface OurSummary {
  totalUsers: number;
  activeUsers: number;
  newUsersThisMonth: number;
  clinicalUsers: number;
  providerUsers: number;
  recentActivity: readonly { userId: string | null; action: string; timestamp: Date | string }[];
}

export function toSeed003Dashboard(summary: OurSummary): z.infer<typeof dashboardSchema> {
  return {
    total_users: summary.totalUsers,
    active_users: summary.activeUsers,
    new_users_this_month: summary.newUsersThisMonth,
    clinical_users: summary.clinicalUsers,
    provider_users: summary.providerUsers,
    recent_activity: summary.recentActivity.map((event) => ({
      user_id: event.userId,
      action: event.action,
      timestamp: new Date(event.timestamp).toISOString(),
    })),
  };
}

export const filterOptionsSchema = z
  .object({
    roles: z.array(z.enum(ROLE_VALUES)),
    statuses: z.array(z.enum(USER_STATUS_VALUES)),
    organizations: z.array(z.object({ id: z.string().openapi({ format: 'uuid' }), name: z.string() })),
    sort_fields: z.array(z.string()),
    filters: z.array(z.string()).openapi({ description: 'The keys filter_users accepts in `filters`' }),
  })
  .openapi('Seed003FilterOptions');

export const FILTER_KEYS = ['active', 'roles', 'role', 'clinical', 'confirmed', 'date', 'patient_name'];
