import { z } from 'zod';

// Mirrors @praxis/db ROLES; the web app imports validators only, so the list lives here too and
// a test in packages/api checks they are equal.
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
