import { can } from '@praxis/policy';
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@praxis/ui';
import { createFileRoute, redirect } from '@tanstack/react-router';
import { useMe } from '../../lib/session';

export const Route = createFileRoute('/_app/')({
  // The dashboard is the start page of those who may read it (so also where sign-in lands).
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (can(me, 'dashboard.read')) throw redirect({ to: '/dashboard', replace: true });
  },
  component: Home,
});

/** The start page of viewers without the dashboard: who is signed in, with what roles, and until when. */
function Home() {
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-semibold">Welcome, {me.firstName || me.email}</h1>
      <Card>
        <CardHeader>
          <CardTitle>Your account</CardTitle>
          <CardDescription>{me.email}</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Organisation</dt>
            <dd>{me.organization?.name ?? 'None (all organisations)'}</dd>
            <dt className="text-muted-foreground">Roles</dt>
            <dd className="flex flex-wrap gap-1">
              {me.roles.map((role) => (
                <Badge key={role} variant="secondary">
                  {role.replace('_', ' ')}
                </Badge>
              ))}
            </dd>
            <dt className="text-muted-foreground">Email codes at sign-in</dt>
            <dd>{me.email2faEnabled ? 'On' : 'Off'}</dd>
            <dt className="text-muted-foreground">Session ends</dt>
            <dd>
              <time dateTime={me.sessionExpiresAt.toISOString()}>{me.sessionExpiresAt.toLocaleString()}</time>
            </dd>
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
