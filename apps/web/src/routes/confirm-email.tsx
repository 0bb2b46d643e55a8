import { Alert, Button } from '@praxis/ui';
import { useMutation } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { PublicPage } from '../components/public-page';
import { errorMessage, fieldErrorsOf } from '../lib/errors';
import { tokenSearch } from '../lib/token-search';
import { useTRPC } from '../trpc';

export const Route = createFileRoute('/confirm-email')({
  validateSearch: tokenSearch,
  component: ConfirmEmail,
});

const linkClass = 'text-sm font-medium text-primary underline-offset-4 hover:underline';

/**
 * The link of a sign-up mail. The address is confirmed by a button, not on load: mail scanners
 * that open links would otherwise use up the single-use token.
 */
function ConfirmEmail() {
  const { token } = Route.useSearch();
  const trpc = useTRPC();
  const confirm = useMutation(trpc.auth.confirmEmail.mutationOptions());
  const unusable = !token || Boolean(fieldErrorsOf(confirm.error).token);

  if (confirm.isSuccess) {
    return (
      <PublicPage title="Email address confirmed">
        <Alert variant="info">
          Thank you. An administrator now reviews your account; we will mail you when you can sign in.
        </Alert>
        <Link to="/sign-in" className={linkClass}>
          Go to sign-in
        </Link>
      </PublicPage>
    );
  }
  if (unusable) {
    return (
      <PublicPage title="Confirm your email address">
        <Alert variant="destructive">
          This link cannot be used any more: it has expired, it was used already, or a newer link was sent.
          Confirmation links work once, for 24 hours.
        </Alert>
        <Link to="/register" className={linkClass}>
          Sign up again for a new link
        </Link>
      </PublicPage>
    );
  }
  return (
    <PublicPage
      title="Confirm your email address"
      description="One step left before an administrator reviews your account."
    >
      {confirm.error ? <Alert variant="destructive">{errorMessage(confirm.error)}</Alert> : null}
      <Button onClick={() => confirm.mutate({ token })} disabled={confirm.isPending} autoFocus>
        {confirm.isPending ? 'Confirming…' : 'Confirm my email address'}
      </Button>
    </PublicPage>
  );
}
