import { Alert, Button, Field, Input } from '@praxis/ui';
import { requestPasswordResetInput } from '@praxis/validators';
import { useMutation } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { PublicPage } from '../components/public-page';
import { refusalOf } from '../components/sign-in/refusal';
import { fieldErrorsOf } from '../lib/errors';
import { type FieldErrors, validate } from '../lib/zod-form';
import { useTRPC } from '../trpc';

export const Route = createFileRoute('/forgot-password')({
  component: ForgotPassword,
});

/**
 * Asks for a reset link. The answer is the same whether or not the email has an account (the
 * server answers {ok:true} either way), so the page never tells who is registered.
 */
function ForgotPassword() {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useMutation(
    trpc.auth.requestPasswordReset.mutationOptions({
      onSuccess: (_result, input) => setSentTo(input.email),
      onError: (error) => setErrors(fieldErrorsOf(error)),
    }),
  );
  const refusal = request.error ? refusalOf(request.error) : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(requestPasswordResetInput, {
      email: new FormData(event.currentTarget).get('email'),
    });
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      return;
    }
    setErrors({});
    request.mutate(checked.data);
  };

  if (sentTo) {
    return (
      <PublicPage title="Check your email">
        <Alert variant="info">
          If <strong>{sentTo}</strong> belongs to an account that may sign in, we have sent it a link to
          choose a new password. The link works once, for 1 hour.
        </Alert>
        <Link to="/sign-in" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
          Back to sign-in
        </Link>
      </PublicPage>
    );
  }

  return (
    <PublicPage title="Forgot your password?" description="We will email you a link to choose a new one.">
      <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Ask for a reset link">
        {refusal && Object.keys(errors).length === 0 ? (
          <Alert variant="destructive">{refusal.message}</Alert>
        ) : null}
        <Field label="Email" errors={errors.email}>
          <Input name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Button type="submit" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Send the link'}
        </Button>
        <Link to="/sign-in" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
          Back to sign-in
        </Link>
      </form>
    </PublicPage>
  );
}
