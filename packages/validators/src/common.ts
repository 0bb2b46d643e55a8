import { z } from 'zod';

export const emailSchema = z
  .email({ error: 'Enter a valid email address' })
  .max(254, 'Email must be at most 254 characters')
  .transform((email) => email.toLowerCase());

/**
 * The length part of the password rule: 12 to 128 characters. The rest (not the email, strength)
 * needs the owner and the dictionaries: `assessPassword` in password-strength.ts.
 */
export const passwordSchema = z
  .string({ error: 'Password is required' })
  .min(12, 'Password must be at least 12 characters')
  .max(128, 'Password must be at most 128 characters');

export const idSchema = z.uuid({ error: 'Must be a valid id' });

export const nameSchema = z.string().trim().max(255, 'At most 255 characters');

export const pageInput = {
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};

/** True when the password equals the email (case-insensitively), which the rule forbids. */
export function passwordEqualsEmail(password: string, email: string): boolean {
  return password.trim().toLowerCase() === email.trim().toLowerCase();
}
