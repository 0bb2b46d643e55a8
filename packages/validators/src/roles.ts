import { z } from 'zod';

/** Every role a user can hold; the database's column types and the policy derive from this list. */
export const ROLE_VALUES = [
  'admin',
  'client_admin',
  'supervisor',
  'provider',
  'staff',
  'support',
  'billing',
  'parent',
] as const;
export const roleSchema = z.enum(ROLE_VALUES, { error: `Role must be one of ${ROLE_VALUES.join(', ')}` });
export type RoleValue = z.infer<typeof roleSchema>;
