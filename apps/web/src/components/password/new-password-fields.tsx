import { Field, Input } from '@praxis/ui';
import type { FieldErrors } from '../../lib/zod-form';
import { PASSWORD_RULE } from './new-password';

/**
 * A new password typed twice, with the rule shown under the first field from the start. `errors`
 * holds `newPassword` and `confirmPassword`, from the client check or the server.
 */
export function NewPasswordFields({
  errors,
  label = 'New password',
  autoFocus = false,
}: {
  errors: FieldErrors;
  label?: string;
  autoFocus?: boolean;
}) {
  return (
    <>
      <Field label={label} hint={PASSWORD_RULE} errors={errors.newPassword}>
        <Input
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          autoFocus={autoFocus}
        />
      </Field>
      <Field label={`Repeat the ${label.toLowerCase()}`} errors={errors.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
    </>
  );
}

/** The two password fields of a submitted form. */
export function newPasswordValues(form: FormData) {
  return {
    newPassword: String(form.get('newPassword') ?? ''),
    confirmPassword: String(form.get('confirmPassword') ?? ''),
  };
}
