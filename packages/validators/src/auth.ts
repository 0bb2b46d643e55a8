import { z } from 'zod';
import { emailSchema, idSchema, passwordSchema } from './common';

export const loginInput = z.object({
  email: emailSchema,
  // Any length is accepted at sign-in so an old password never reveals the current rule.
  password: z.string().min(1, 'Password is required').max(1024),
});

export const verify2faInput = z.object({
  challengeId: idSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The code has 6 digits'),
});

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

export const IMPERSONATION_REASON_MAX = 500;
export const impersonateInput = z.object({
  userId: idSchema,
  reason: z
    .string()
    .trim()
    .min(1, 'Say why you are signing in as this user')
    .max(IMPERSONATION_REASON_MAX, `At most ${IMPERSONATION_REASON_MAX} characters`),
});
