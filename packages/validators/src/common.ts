import { z } from 'zod';

export const emailSchema = z
  .email({ error: 'Enter a valid email address' })
  .max(254, 'Email must be at most 254 characters')
  .transform((email) => email.toLowerCase());

/** Password rule of the contract: 10 to 128 characters (checked against the email separately). */
export const passwordSchema = z
  .string({ error: 'Password is required' })
  .min(10, 'Password must be at least 10 characters')
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
