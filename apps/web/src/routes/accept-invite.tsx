import { Alert, Badge, Skeleton } from '@praxis/ui';
import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { AcceptForm } from '../components/accept-invite/accept-form';
import { PublicPage } from '../components/public-page';
import { errorCode, errorMessage } from '../lib/errors';
import { tokenSearch } from '../lib/token-search';
import { useTRPC } from '../trpc';

export const Route = createFileRoute('/accept-invite')({
  validateSearch: tokenSearch,
  component: AcceptInvite,
});

const roleLabel = (role: string) => role.replace('_', ' ');

function AcceptInvite() {
  const { token } = Route.useSearch();
  const trpc = useTRPC();
  const lookup = useQuery({
    ...trpc.invitations.lookup.queryOptions({ token: token ?? '' }),
    enabled: Boolean(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (!token || lookup.error) {
    return (
      <PublicPage title="This invitation cannot be used">
        <Alert variant="destructive">{unusableMessage(lookup.error)}</Alert>
        <Link to="/sign-in" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
          Go to sign-in
        </Link>
      </PublicPage>
    );
  }
  const invitation = lookup.data;
  return (
    <PublicPage
      title="Join Praxis"
      description={
        invitation ? (
          <>
            You are invited to{' '}
            <strong>{invitation.organization?.name ?? 'Praxis (all organisations)'}</strong> as{' '}
            {invitation.roles.map((role) => (
              <Badge key={role} variant="secondary" className="mr-1">
                {roleLabel(role)}
              </Badge>
            ))}
          </>
        ) : (
          'Reading your invitation…'
        )
      }
    >
      {invitation ? (
        <AcceptForm token={token} invitation={invitation} />
      ) : (
        <div className="grid gap-3" aria-hidden>
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      )}
    </PublicPage>
  );
}

/** The server's reason (accepted, withdrawn, expired, organisation inactive) or a plain one. */
function unusableMessage(error: unknown): string {
  if (!error) return 'This link has no invitation in it. Open the link from your invitation email again.';
  const code = errorCode(error);
  if (code === 'CONFLICT') return errorMessage(error);
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
    return 'This invitation link is not valid. Open the link from your invitation email again, or ask your administrator for a new invitation.';
  }
  return errorMessage(error);
}
