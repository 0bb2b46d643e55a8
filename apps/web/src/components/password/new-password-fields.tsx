import { Field, Input } from '@praxis/ui';
import type { PasswordOwner } from '@praxis/validators';
import { useId, useState } from 'react';
import type { FieldErrors } from '../../lib/zod-form';
import { PASSWORD_RULE } from './new-password';
import { PasswordStrength } from './password-strength';

/**
 * A new password typed twice, with the rule shown under the first field from the start and a
 * strength meter (the server's rule, with `owner`'s email and names counted against it) as the
 * user types. `errors` holds `newPassword` and `confirmPassword`, from the client check or the server.
 */
export function NewPasswordFields({
  errors,
  label = 'New password',
  autoFocus = false,
  owner = {},
}: {
  errors: FieldErrors;
  label?: string;
  autoFocus?: boolean;
  owner?: Partial<PasswordOwner>;
}) {
  const [password, setPassword] = useState('');
  const strengthId = useId();
  return (
    <>
      <div className="grid gap-1.5">
        <Field label={label} hint={PASSWORD_RULE} errors={errors.newPassword}>
          <Input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            autoFocus={autoFocus}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
        </Field>
        <PasswordStrength password={password} owner={owner} id={strengthId} />
      </div>
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
