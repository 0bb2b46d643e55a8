import { assessPassword, type PasswordOwner } from '@praxis/validators';
import type { FieldErrors } from '../../lib/zod-form';

/** The password rule in words, shown before anyone submits (README "Password rule"). */
export const PASSWORD_RULE =
  '12 to 128 characters, hard to guess (a few unrelated words work well), and not your email address.';

/**
 * Checks a new password typed twice with the server's own rule (`assessPassword`: length, email,
 * strength), so the form says what is wrong before a request is made. Errors are keyed by the
 * form's field names. The first call loads the strength dictionaries (a lazy chunk).
 */
export async function checkNewPassword(
  values: { newPassword: string; confirmPassword: string },
  owner: Partial<PasswordOwner> = {},
): Promise<{ ok: true; password: string } | { ok: false; fieldErrors: FieldErrors }> {
  const fieldErrors: FieldErrors = {};
  const { problems } = await assessPassword(values.newPassword, { ...owner, email: owner.email ?? '' });
  if (problems.length > 0) fieldErrors.newPassword = problems;
  if (values.confirmPassword !== values.newPassword) {
    fieldErrors.confirmPassword = ['The two passwords are not the same'];
  }
  return Object.keys(fieldErrors).length === 0
    ? { ok: true, password: values.newPassword }
    : { ok: false, fieldErrors };
}
