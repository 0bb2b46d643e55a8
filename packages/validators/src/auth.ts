import { z } from 'zod';
import { emailSchema, idSchema, passwordSchema } from './common';
import { personNameSchema } from './user-fields';

export const loginInput = z.object({
  email: emailSchema,
  // Any length is accepted at sign-in so an old password never reveals the current rule.
  password: z.string().min(1, 'Password is required').max(1024),
});

const sixDigitCode = z
  .string()
  .trim()
  .regex(/^\d{3}\s?\d{3}$/, 'The code has 6 digits')
  .transform((code) => code.replace(/\s/g, ''));

export const verify2faInput = z.object({
  challengeId: idSchema,
  // A mailed or authenticator code (6 digits), or a backup code (xxxx-xxxx-xxxx-xxxx).
  code: z
    .string()
    .trim()
    .regex(
      /^(\d{3}\s?\d{3}|[a-zA-Z0-9]{4}(-?[a-zA-Z0-9]{4}){3})$/,
      'Enter the 6-digit code or a backup code (xxxx-xxxx-xxxx-xxxx)',
    )
    .transform((code) => code.replace(/\s/g, '')),
});

/** Steps of the own account that take the current password: TOTP enrol and disable, backup codes. */
export const currentPasswordInput = z.object({
  currentPassword: z.string().min(1, 'Current password is required').max(1024),
});

export const totpConfirmInput = z.object({ code: sixDigitCode });

export const resend2faInput = z.object({ challengeId: idSchema });

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Current password is required').max(1024),
  newPassword: passwordSchema,
});

export const requestPasswordResetInput = z.object({ email: emailSchema });

export const resetPasswordInput = z.object({
  token: z.string().min(20, 'This link is invalid').max(200, 'This link is invalid'),
  newPassword: passwordSchema,
});

export const setEmail2faInput = z.object({
  enabled: z.boolean(),
  password: z.string().min(1, 'Password is required').max(1024),
});

export const revokeSessionInput = z.object({ sessionId: idSchema });

/** Self-service sign-up (SIGNUP=open): the account waits for email confirmation and approval. */
export const registerInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  firstName: personNameSchema.min(1, 'First name is required'),
  lastName: personNameSchema.min(1, 'Last name is required'),
});

export const confirmEmailInput = z.object({
  token: z.string().min(20, 'This link is invalid').max(200, 'This link is invalid'),
});

export const IMPERSONATION_REASON_MAX = 500;
export const impersonateInput = z.object({
  userId: idSchema,
  reason: z
    .string()
    .trim()
    .min(1, 'Say why you are signing in as this user')
    .max(IMPERSONATION_REASON_MAX, `At most ${IMPERSONATION_REASON_MAX} characters`),
});
