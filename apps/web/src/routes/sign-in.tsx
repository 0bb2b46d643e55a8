import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@praxis/ui';
import { useQueryClient } from '@tanstack/react-query';
import { createFileRoute, redirect, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { CodeForm, type TwoFactorMethod } from '../components/sign-in/code-form';
import { CredentialsForm } from '../components/sign-in/credentials-form';

const searchSchema = z.object({
  /** Where to go after signing in: an app path only, never another site. */
  redirect: z
    .string()
    .regex(/^\/(?!\/)/)
    .optional()
    .catch(undefined),
  signedOut: z.boolean().optional().catch(undefined),
  /** Back from a mailed password link: the new password is saved. */
  passwordSet: z.boolean().optional().catch(undefined),
});

export const Route = createFileRoute('/sign-in')({
  validateSearch: searchSchema,
  // Already signed in (a bookmark, the Back button): go on instead of signing in twice.
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient
      .fetchQuery({ ...context.trpc.auth.me.queryOptions(), retry: false, staleTime: 10_000 })
      .catch(() => null);
    if (me) throw redirect({ href: search.redirect ?? '/', replace: true });
  },
  component: SignIn,
});

function SignIn() {
  const { redirect, signedOut, passwordSet } = Route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [challenge, setChallenge] = useState<{
    id: string;
    email: string;
    methods: TwoFactorMethod[];
  } | null>(null);

  const enter = async () => {
    // The session cookie is set: whatever was cached belongs to nobody now.
    queryClient.clear();
    await navigate({ href: redirect ?? '/', replace: true });
  };

  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <p className="text-sm font-semibold text-primary">Praxis</p>
          <CardTitle as="h1">
            {!challenge
              ? 'Sign in'
              : challenge.methods.includes('email')
                ? 'Check your email'
                : 'Enter your code'}
          </CardTitle>
          <CardDescription>
            {challenge
              ? 'One more step: a code proves it is you.'
              : 'Sign in with your work email and password.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {signedOut && !challenge ? <Alert variant="info">You are signed out.</Alert> : null}
          {passwordSet && !challenge ? (
            <Alert variant="info">Your new password is saved. Sign in with it.</Alert>
          ) : null}
          {challenge ? (
            <CodeForm
              challengeId={challenge.id}
              email={challenge.email}
              methods={challenge.methods}
              onDone={enter}
              onRestart={() => setChallenge(null)}
            />
          ) : (
            <CredentialsForm
              onDone={(result, email) =>
                result.status === '2fa_required'
                  ? setChallenge({ id: result.challengeId, email, methods: result.methods })
                  : enter()
              }
            />
          )}
        </CardContent>
      </Card>
    </main>
  );
}
