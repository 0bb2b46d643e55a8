import { Alert, Button, Field, Input } from '@praxis/ui';
import { registerInput } from '@praxis/validators';
import { useMutation, useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { checkNewPassword } from '../components/password/new-password';
import { NewPasswordFields, newPasswordValues } from '../components/password/new-password-fields';
import { PublicPage } from '../components/public-page';
import { refusalOf } from '../components/sign-in/refusal';
import { fieldErrorsOf } from '../lib/errors';
import { type FieldErrors, validate } from '../lib/zod-form';
import { useTRPC } from '../trpc';

export const Route = createFileRoute('/register')({
  component: Register,
});

const backToSignIn = (
  <Link to="/sign-in" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
    Back to sign-in
  </Link>
);

/**
 * Self-service sign-up (SIGNUP=open). The server answers the same whether or not the address has
 * an account, so the page does too: "check your email".
 */
function Register() {
  const trpc = useTRPC();
  const signUp = useQuery(trpc.auth.signUpOpen.queryOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const register = useMutation(
    trpc.auth.register.mutationOptions({
      onSuccess: (_result, input) => setSentTo(input.email),
      onError: (error) => {
        const { password, ...rest } = fieldErrorsOf(error);
        setErrors(password ? { ...rest, newPassword: password } : rest);
      },
    }),
  );
  const refusal = register.error ? refusalOf(register.error) : null;

  if (signUp.data && !signUp.data.open) {
    return (
      <PublicPage title="Sign-up is by invitation">
        <Alert variant="info">Accounts are created by invitation. Ask your administrator for one.</Alert>
        {backToSignIn}
      </PublicPage>
    );
  }

  if (sentTo) {
    return (
      <PublicPage title="Check your email">
        <Alert variant="info">
          We have sent a message to <strong>{sentTo}</strong>. If you are new, it holds a link to confirm your
          address (it works once, for 24 hours); an administrator then approves your account and we mail you
          when you can sign in.
        </Alert>
        {backToSignIn}
      </PublicPage>
    );
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const checked = validate(registerInput.omit({ password: true }), {
      email: form.get('email'),
      firstName: form.get('firstName'),
      lastName: form.get('lastName'),
    });
    const owner = {
      email: String(form.get('email') ?? ''),
      firstName: String(form.get('firstName') ?? ''),
      lastName: String(form.get('lastName') ?? ''),
    };
    const password = await checkNewPassword(newPasswordValues(form), owner);
    const fieldErrors = {
      ...(checked.ok ? {} : checked.fieldErrors),
      ...(password.ok ? {} : password.fieldErrors),
    };
    if (!checked.ok || !password.ok) {
      setErrors(fieldErrors);
      return;
    }
    setErrors({});
    register.mutate({ ...checked.data, password: password.password });
  };

  return (
    <PublicPage
      title="Create an account"
      description="An administrator approves new accounts before they can sign in."
    >
      <form
        noValidate
        onSubmit={(event) => void submit(event)}
        className="grid gap-4"
        aria-label="Create an account"
      >
        {refusal && Object.keys(errors).length === 0 ? (
          <Alert variant="destructive">{refusal.message}</Alert>
        ) : null}
        <Field label="First name" errors={errors.firstName}>
          <Input name="firstName" autoComplete="given-name" required autoFocus />
        </Field>
        <Field label="Last name" errors={errors.lastName}>
          <Input name="lastName" autoComplete="family-name" required />
        </Field>
        <Field label="Email" errors={errors.email}>
          <Input name="email" type="email" autoComplete="username" required />
        </Field>
        <NewPasswordFields errors={errors} label="Password" />
        <Button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Sending…' : 'Create account'}
        </Button>
        {backToSignIn}
      </form>
    </PublicPage>
  );
}
