import { Alert, Button, Field, Input } from '@praxis/ui';
import { loginInput } from '@praxis/validators';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/errors';
import { useCountdown } from '../../lib/use-countdown';
import { type FieldErrors, validate } from '../../lib/zod-form';
import { useTRPC } from '../../trpc';
import type { TwoFactorMethod } from './code-form';
import { formatWait, type Refusal, refusalOf } from './refusal';

type LoginResult =
  | { status: 'authenticated' }
  | { status: '2fa_required'; challengeId: string; methods: TwoFactorMethod[] };

export function CredentialsForm({ onDone }: { onDone: (result: LoginResult, email: string) => void }) {
  const trpc = useTRPC();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const wait = useCountdown(refusal?.retryAt ?? null);
  // Offered only where this server takes sign-ups (SIGNUP=open).
  const signUp = useQuery({ ...trpc.auth.signUpOpen.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (result, input) => onDone(result, input.email),
      onError: (error) => {
        setFieldErrors(fieldErrorsOf(error));
        setRefusal(refusalOf(error));
      },
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const checked = validate(loginInput, { email: form.get('email'), password: form.get('password') });
    setRefusal(null);
    if (!checked.ok) {
      setFieldErrors(checked.fieldErrors);
      return;
    }
    setFieldErrors({});
    login.mutate(checked.data);
  };

  return (
    <form noValidate onSubmit={submit} className="grid gap-4" aria-label="Sign in">
      {refusal ? (
        <Alert variant="destructive">
          {refusal.retryAt && wait > 0
            ? `Too many attempts. Wait ${formatWait(wait)} and try again.`
            : refusal.message}
        </Alert>
      ) : null}
      <Field label="Email" errors={fieldErrors.email}>
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password" errors={fieldErrors.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" disabled={login.isPending || wait > 0}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
      <Link
        to="/forgot-password"
        className="text-sm font-medium text-primary underline-offset-4 hover:underline"
      >
        Forgot password?
      </Link>
      {signUp.data?.open ? (
        <p className="text-sm text-muted-foreground">
          New here?{' '}
          <Link to="/register" className="font-medium text-primary underline-offset-4 hover:underline">
            Create an account
          </Link>
        </p>
      ) : null}
    </form>
  );
}
