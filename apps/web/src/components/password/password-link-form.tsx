import { Alert, Button } from '@praxis/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import type { FieldErrors } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import { checkNewPassword } from './new-password';
import { NewPasswordFields, newPasswordValues } from './new-password-fields';

/** Why a link cannot be used, and the way to get a new one. */
export function UnusableLink({ purpose }: { purpose: 'reset' | 'set' }) {
  return (
    <Alert variant="destructive">
      <p>
        This link cannot be used any more: it has expired, it was used already, or a newer link was sent.
        {purpose === 'reset'
          ? ' Reset links work once, for 1 hour.'
          : ' Links to set a password work once, for 3 days.'}
      </p>
      <p className="mt-2">
        <Link to="/forgot-password" className="font-medium underline underline-offset-4">
          Ask for a new link
        </Link>
      </p>
    </Alert>
  );
}

/**
 * The form behind a mailed password link (`/reset-password` and `/set-password`: auth.resetPassword
 * takes the tokens of both). A token the server refuses is reported on the `token` field; that is
 * shown as the expired-link explanation, since the visitor cannot edit the token.
 */
export function PasswordLinkForm({
  token,
  purpose,
}: {
  token: string | undefined;
  purpose: 'reset' | 'set';
}) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      onSuccess: async () => {
        // The server ended every session of the user, this browser's too if it had one.
        queryClient.clear();
        await navigate({ to: '/sign-in', search: { passwordSet: true }, replace: true });
      },
      onError: (error) => setErrors(fieldErrorsOf(error)),
    }),
  );
  if (!token || errors.token) return <UnusableLink purpose={purpose} />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The link's page does not know whose account it is: the server adds the email and names.
    const checked = await checkNewPassword(newPasswordValues(new FormData(event.currentTarget)));
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      return;
    }
    setErrors({});
    reset.mutate({ token, newPassword: checked.password });
  };

  const otherError = reset.error && Object.keys(errors).length === 0 ? errorMessage(reset.error) : null;
  return (
    <form
      noValidate
      onSubmit={submit}
      className="grid gap-4"
      aria-label={purpose === 'reset' ? 'Reset password' : 'Set password'}
    >
      {otherError ? <Alert variant="destructive">{otherError}</Alert> : null}
      <NewPasswordFields errors={errors} autoFocus />
      <Button type="submit" disabled={reset.isPending}>
        {reset.isPending ? 'Saving…' : purpose === 'reset' ? 'Change password' : 'Set password'}
      </Button>
    </form>
  );
}
