import { Alert, Button, Field, Input } from '@praxis/ui';
import { acceptInvitationInput } from '@praxis/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { type FieldErrors, validate } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { checkNewPassword } from '../password/new-password';
import { NewPasswordFields, newPasswordValues } from '../password/new-password-fields';

/** invitations.accept names the password `password`; the form's field is newPassword. */
function asFormErrors({ password, ...rest }: FieldErrors): FieldErrors {
  return password ? { ...rest, newPassword: password } : rest;
}

interface Invitation {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/**
 * Names and a password for the invited account. invitations.accept creates it and sets the session
 * cookie, so on success the visitor is signed in and goes straight into the app.
 */
export function AcceptForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async () => {
        // A new session: nothing cached before it belongs to this user.
        queryClient.clear();
        await navigate({ to: '/', replace: true });
      },
      onError: (error) => {
        setErrors(asFormErrors(fieldErrorsOf(error)));
      },
    }),
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const passwords = newPasswordValues(form);
    const firstName = String(form.get('firstName') ?? '').trim();
    const lastName = String(form.get('lastName') ?? '').trim();
    const checked = validate(acceptInvitationInput, {
      token,
      password: passwords.newPassword,
      firstName,
      lastName,
    });
    const password = await checkNewPassword(passwords, { email: invitation.email, firstName, lastName });
    const fieldErrors: FieldErrors = {
      ...(checked.ok ? {} : asFormErrors(checked.fieldErrors)),
      ...(password.ok ? {} : password.fieldErrors),
    };
    if (!checked.ok || Object.keys(fieldErrors).length > 0) {
      setErrors(fieldErrors);
      return;
    }
    setErrors({});
    accept.mutate(checked.data);
  };

  const shown = Object.keys(errors).length;
  const otherError = accept.error && (shown === 0 || errors.token) ? errorMessage(accept.error) : null;
  return (
    <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Accept the invitation">
      {otherError ? <Alert variant="destructive">{otherError}</Alert> : null}
      <Field label="Email">
        <Input
          name="email"
          type="email"
          value={invitation.email}
          readOnly
          autoComplete="username"
          className="bg-muted"
        />
      </Field>
      <Field label="First name" errors={errors.firstName}>
        <Input
          name="firstName"
          defaultValue={invitation.firstName ?? ''}
          autoComplete="given-name"
          required
          autoFocus
        />
      </Field>
      <Field label="Last name" errors={errors.lastName}>
        <Input name="lastName" defaultValue={invitation.lastName ?? ''} autoComplete="family-name" required />
      </Field>
      <NewPasswordFields errors={errors} label="Password" owner={{ email: invitation.email }} />
      <Button type="submit" disabled={accept.isPending}>
        {accept.isPending ? 'Creating your account…' : 'Accept and sign in'}
      </Button>
    </form>
  );
}
