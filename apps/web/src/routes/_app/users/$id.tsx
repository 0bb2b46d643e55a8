import { canImpersonate } from '@praxis/policy';
import { Alert, AlertDescription, AlertTitle, Card, CardContent, Skeleton } from '@praxis/ui';
import { useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { RelativeTime } from '../../../components/relative-time';
import { ActionsPanel } from '../../../components/user-detail/actions-panel';
import { EditForm } from '../../../components/user-detail/edit-form';
import { ImpersonateDialog } from '../../../components/user-detail/impersonate-dialog';
import { SessionsPanel } from '../../../components/user-detail/sessions-panel';
import { SignInHelpPanel } from '../../../components/user-detail/sign-in-help-panel';
import { userActions } from '../../../components/user-detail/user-actions';
import { OnlineState, roleLabel, StatusBadge } from '../../../components/users/user-cells';
import { errorMessage } from '../../../lib/errors';
import { useMe } from '../../../lib/session';
import { type RouterOutputs, useTRPC } from '../../../trpc';

export const Route = createFileRoute('/_app/users/$id')({
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(context.trpc.users.get.queryOptions({ id: params.id }));
  },
  component: UserPage,
});

type User = RouterOutputs['users']['get'];

function UserPage() {
  const { id } = Route.useParams();
  const trpc = useTRPC();
  const { data: me } = useMe();
  const user = useQuery(trpc.users.get.queryOptions({ id }));

  if (user.error) {
    return (
      <div className="grid gap-4">
        <BackLink />
        <Alert variant="destructive">
          <AlertTitle>This user could not be shown</AlertTitle>
          <AlertDescription>{errorMessage(user.error)}</AlertDescription>
        </Alert>
      </div>
    );
  }
  if (!user.data || !me) {
    return (
      <div className="grid gap-4" aria-busy="true">
        <BackLink />
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  const target = user.data;
  const viewer = { id: me.id, roles: me.roles, organizationId: me.organizationId };
  const allowed = userActions(viewer, target);
  // Only someone who could sign in, by someone signed in as themselves.
  const mayImpersonate = canImpersonate(viewer, target) && target.isActive && !me.impersonatedBy;
  const name = `${target.firstName} ${target.lastName}`.trim() || target.email;
  return (
    <div className="grid gap-6">
      <BackLink />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-semibold text-2xl">{name}</h1>
        <StatusBadge status={target.status} archived={target.archivedAt !== null} />
        <OnlineState userId={target.id} isOnline={target.isOnline} lastActivity={target.lastActivity} />
        {allowed.edit ? (
          <Link
            to="/users/$id/profile"
            params={{ id: target.id }}
            className="ml-auto text-sm font-medium underline-offset-4 hover:underline"
          >
            Practice profile →
          </Link>
        ) : null}
      </div>
      <Card>
        <CardContent className="pt-6">
          <UserFacts user={target} />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="pt-6">
          <ActionsPanel key={target.updatedAt.toISOString()} user={target} allowed={allowed} />
        </CardContent>
      </Card>
      {allowed.clearLockout ? (
        <Card>
          <CardContent className="pt-6">
            <SignInHelpPanel user={target} allowed={allowed} />
          </CardContent>
        </Card>
      ) : null}
      {mayImpersonate ? (
        <Card>
          <CardContent className="grid gap-2 pt-6">
            <h2 className="font-semibold text-lg">Support</h2>
            <p className="text-muted-foreground text-sm">
              See the app as this user sees it, for at most an hour.
            </p>
            <div>
              <ImpersonateDialog user={target} />
            </div>
          </CardContent>
        </Card>
      ) : null}
      {allowed.edit ? (
        <Card>
          <CardContent className="grid gap-4 pt-6">
            <h2 className="font-semibold text-lg">Details</h2>
            <EditForm key={target.updatedAt.toISOString()} user={target} />
          </CardContent>
        </Card>
      ) : null}
      {allowed.sessions ? (
        <Card>
          <CardContent className="pt-6">
            <SessionsPanel userId={target.id} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

function BackLink() {
  return (
    <Link to="/users" className="text-muted-foreground text-sm hover:underline">
      ← Users
    </Link>
  );
}

const text = (value: string | null) => value || '—';
const yes = (value: boolean) => (value ? 'Yes' : 'No');

/** Every field of the User shape, read-only (the form below edits the writable ones). */
function UserFacts({ user }: { user: User }) {
  const rows: [string, ReactNode][] = [
    ['Email', user.email],
    ['Username', text(user.username)],
    ['Title', text(user.title)],
    ['Roles', user.roles.map(roleLabel).join(', ')],
    ['Organisation', user.organization?.name ?? 'None'],
    ['Effectively active', yes(user.isActive)],
    ['Approved', <RelativeTime key="a" date={user.approvedAt} fallback="not yet" />],
    [
      'Suspended until',
      user.status === 'suspended' ? (
        <RelativeTime key="s" date={user.suspendedUntil} fallback="lifted by hand" />
      ) : (
        '—'
      ),
    ],
    ['Archived', <RelativeTime key="ar" date={user.archivedAt} fallback="no" />],
    ['Clinical', yes(user.clinical)],
    ['NPI', text(user.npi)],
    ['TIN', text(user.tin)],
    ['Phone', text(user.phoneNumber)],
    ['Date of birth', text(user.dateOfBirth)],
    ['Gender', text(user.gender)],
    ['Time zone', text(user.timezone)],
    ['Image URL', text(user.imageUrl)],
    ['Company', text(user.company)],
    ['Company URL', text(user.companyUrl)],
    ['Registry', [user.registryName, user.registryId].filter(Boolean).join(' · ') || '—'],
    [
      'Provider signature',
      `${yes(user.providerSignature)}${user.providerSignatureUrl ? ` (${user.providerSignatureUrl})` : ''}`,
    ],
    ['Primary practice address', text(user.primaryPracticeAddress)],
    ['Physician-only results', yes(user.physicianOnlyResults)],
    ['Email codes at sign-in', yes(user.email2faEnabled)],
    ['First-time login', yes(user.firstTimeLogin)],
    ['Email confirmed', <RelativeTime key="ec" date={user.emailConfirmedAt} fallback="not yet" />],
    ['License accepted', <RelativeTime key="la2" date={user.licenseAcceptedAt} fallback="not yet" />],
    ['Effective from', text(user.effectiveDate)],
    ['Locations', user.locations.join(', ') || '—'],
    ['Providers', user.providerIds.length ? `${user.providerIds.length} linked` : '—'],
    ['Last activity', <RelativeTime key="la" date={user.lastActivity} fallback="never" />],
    ['Last sign-in', <RelativeTime key="ll" date={user.lastLoginAt} fallback="never" />],
    ['Created', <RelativeTime key="c" date={user.createdAt} />],
    ['Updated', <RelativeTime key="u" date={user.updatedAt} />],
    [
      'Id',
      <code key="id" className="text-xs">
        {user.id}
      </code>,
    ],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr] lg:grid-cols-[max-content_1fr_max-content_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
