import { passwordEqualsEmail, passwordSchema } from '@praxis/validators';
import type { FieldErrors } from '../../lib/zod-form';

/** The contract's password rule in words, shown before anyone submits (API.md "Password rule"). */
export const PASSWORD_RULE = '10 to 128 characters, and not the same as your email address.';

/**
 * Checks a new password typed twice, by the server's own schema and its email rule, so the form
 * says what is wrong before a request is made. Errors are keyed by the form's field names.
 */
export function checkNewPassword(
  values: { newPassword: string; confirmPassword: string },
  email?: string | null,
): { ok: true; password: string } | { ok: false; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  const parsed = passwordSchema.safeParse(values.newPassword);
  if (!parsed.success) fieldErrors.newPassword = parsed.error.issues.map((issue) => issue.message);
  else if (email && passwordEqualsEmail(values.newPassword, email)) {
    fieldErrors.newPassword = ['The password must not be the same as the email address'];
  }
  if (values.confirmPassword !== values.newPassword) {
    fieldErrors.confirmPassword = ['The two passwords are not the same'];
  }
  return Object.keys(fieldErrors).length === 0
    ? { ok: true, password: values.newPassword }
    : { ok: false, fieldErrors };
}
