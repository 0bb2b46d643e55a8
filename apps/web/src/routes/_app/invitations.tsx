import { can } from '@praxis/policy';
import {
  Alert,
  AlertDescription,
  AlertTitle,
  Badge,
  Button,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
} from '@praxis/ui';
import { INVITATION_STATUS_VALUES } from '@praxis/validators';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type Invitation, RevokeDialog } from '../../components/invitations/invitation-dialogs';
import {
  cleanInvitationsSearch,
  type InvitationsSearch,
  invitationsSearchSchema,
  toInvitationsListInput,
} from '../../components/invitations/invitations-search';
import { InviteDialog } from '../../components/invitations/invite-dialog';
import { EmptyList, FilterSelect, ListHeader, LoadError } from '../../components/list-screen';
import { RelativeTime } from '../../components/relative-time';
import { formatWait } from '../../components/sign-in/refusal';
import { roleLabel } from '../../components/users/user-cells';
import { errorCode, errorData, errorMessage } from '../../lib/errors';
import { useMe } from '../../lib/session';
import { useCountdown } from '../../lib/use-countdown';
import { useInvalidate } from '../../lib/use-invalidate';
import { useTRPC } from '../../trpc';

export const Route = createFileRoute('/_app/invitations')({
  validateSearch: invitationsSearchSchema,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(
      context.trpc.invitations.list.queryOptions(toInvitationsListInput(deps)),
    );
  },
  component: InvitationsPage,
});

const STATUS_TEXT: Record<Invitation['status'], string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
};
const STATUS_OPTIONS = INVITATION_STATUS_VALUES.map((status) => ({
  value: status,
  label: STATUS_TEXT[status],
}));
const STATUS_VARIANT = {
  pending: 'warning',
  accepted: 'success',
  revoked: 'secondary',
  expired: 'outline',
} as const;
const MAIL_TEXT: Record<Invitation['mailStatus'], string> = {
  queued: 'Queued',
  not_sent: 'Not sent',
};

function InvitationsPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/invitations' });
  const trpc = useTRPC();
  const invalidate = useInvalidate(trpc.invitations.pathKey());
  const { toast } = useToast();
  const { data: me } = useMe();
  const list = useQuery({
    ...trpc.invitations.list.queryOptions(toInvitationsListInput(search)),
    placeholderData: keepPreviousData,
  });
  const options = useQuery(trpc.users.filterOptions.queryOptions());
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  // The server throttles invitations per inviter (TOO_MANY_REQUESTS with retryAfterSeconds):
  // every resend waits until then, with the time left shown.
  const [throttledUntil, setThrottledUntil] = useState<number | null>(null);
  const wait = useCountdown(throttledUntil);
  const throttle = (seconds: number) => setThrottledUntil(Date.now() + seconds * 1000);
  const [resendError, setResendError] = useState<string | null>(null);
  const resend = useMutation(
    trpc.invitations.resend.mutationOptions({
      onSuccess: (invitation) => {
        setResendError(null);
        invalidate();
        toast(`Invitation sent again to ${invitation.email}`);
      },
      onError: (error) => {
        if (errorCode(error) === 'TOO_MANY_REQUESTS') {
          setResendError(null);
          throttle(errorData(error).retryAfterSeconds ?? 60);
          return;
        }
        setResendError(errorMessage(error));
      },
    }),
  );

  if (!me) return null;
  const canWrite = can(me, 'invitations.write');
  const organizations = options.data?.organizations ?? [];
  // Admins and support read every organisation: they filter by one and see which each is in.
  const acrossOrgs = can(me, 'invitations.read', { organizationId: null });
  const orgName = (id: string | null) =>
    id ? (organizations.find((o) => o.id === id)?.name ?? 'Unknown organisation') : 'No organisation';
  const go = (change: Partial<InvitationsSearch>) =>
    void navigate({ search: cleanInvitationsSearch({ ...search, page: undefined, ...change }) });
  const data = list.data;
  const page = search.page ?? 1;
  const first = data ? (page - 1) * data.pageSize + 1 : 0;

  return (
    <div className="grid gap-4">
      <ListHeader
        title="Invitations"
        action={canWrite ? { label: 'Invite someone', onClick: () => setInviting(true) } : null}
      />
      <div className="flex flex-wrap items-end gap-4">
        <FilterSelect
          id="invitations-status"
          label="Status"
          value={search.status}
          options={STATUS_OPTIONS}
          onChange={(status) => go({ status })}
        />
        {acrossOrgs ? (
          <FilterSelect
            id="invitations-org"
            label="Organisation"
            value={search.org}
            options={organizations.map((o) => ({ value: o.id, label: o.name }))}
            onChange={(org) => go({ org })}
          />
        ) : null}
      </div>
      {wait > 0 ? (
        <Alert>
          <AlertTitle>Sending is paused</AlertTitle>
          <AlertDescription>
            You have sent too many invitations for now. You can send or resend again in{' '}
            <span data-testid="resend-wait">{formatWait(wait)}</span>.
          </AlertDescription>
        </Alert>
      ) : null}
      {resendError ? (
        <Alert variant="destructive">
          <AlertTitle>The invitation was not sent again</AlertTitle>
          <AlertDescription>{resendError}</AlertDescription>
        </Alert>
      ) : null}
      <LoadError title="The invitations could not be loaded" error={list.error} />
      <div className="rounded-md border border-border bg-background">
        <Table aria-label="Invitations" aria-busy={list.isFetching || undefined}>
          <TableCaption className="sr-only">Invitations, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Email</TableHead>
              <TableHead>Roles</TableHead>
              {acrossOrgs ? <TableHead>Organisation</TableHead> : null}
              <TableHead>Status</TableHead>
              <TableHead>Mail</TableHead>
              <TableHead>Sent</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data?.items.map((invitation) => {
              const open = invitation.status === 'pending' || invitation.status === 'expired';
              const writable = canWrite && can(me, 'invitations.write', invitation);
              const name = [invitation.firstName, invitation.lastName].filter(Boolean).join(' ');
              return (
                <TableRow key={invitation.id}>
                  <TableCell>
                    <div className="font-medium">{invitation.email}</div>
                    {name ? <div className="text-muted-foreground text-sm">{name}</div> : null}
                  </TableCell>
                  <TableCell>{invitation.roles.map(roleLabel).join(', ')}</TableCell>
                  {acrossOrgs ? <TableCell>{orgName(invitation.organizationId)}</TableCell> : null}
                  <TableCell>
                    <Badge variant={STATUS_VARIANT[invitation.status]}>
                      {STATUS_TEXT[invitation.status]}
                    </Badge>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-sm">
                    {invitation.status === 'pending' || invitation.status === 'expired' ? (
                      <Badge variant={invitation.mailStatus === 'queued' ? 'outline' : 'destructive'}>
                        {MAIL_TEXT[invitation.mailStatus]}
                      </Badge>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <RelativeTime date={invitation.lastSentAt ?? invitation.createdAt} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {invitation.status === 'pending' ? <RelativeTime date={invitation.expiresAt} /> : '—'}
                  </TableCell>
                  <TableCell>
                    {writable && open ? (
                      <div className="flex justify-end gap-2">
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={`Resend the invitation to ${invitation.email}`}
                          disabled={wait > 0 || (resend.isPending && resend.variables?.id === invitation.id)}
                          onClick={() => resend.mutate({ id: invitation.id })}
                        >
                          Resend
                        </Button>
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={`Revoke the invitation to ${invitation.email}`}
                          onClick={() => setRevoking(invitation)}
                        >
                          Revoke
                        </Button>
                      </div>
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {data && data.items.length === 0 ? (
        <EmptyList>{search.status || search.org ? 'No invitations match.' : 'No invitations yet.'}</EmptyList>
      ) : null}
      {data && data.total > 0 ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center gap-4 text-sm">
          <p aria-live="polite" className="text-muted-foreground">
            {`${first}–${first + data.items.length - 1} of ${data.totalExact ? data.total : `about ${data.total}`}`}
          </p>
          <div className="ml-auto flex items-center gap-1">
            {page > 1 ? (
              <Button variant="outline" size="sm" asChild>
                <Link
                  to="/invitations"
                  search={cleanInvitationsSearch({ ...search, page: page - 1 })}
                  rel="prev"
                >
                  Previous
                </Link>
              </Button>
            ) : null}
            <span className="px-2">
              Page {page} of {data.totalPages}
            </span>
            {page < data.totalPages ? (
              <Button variant="outline" size="sm" asChild>
                <Link
                  to="/invitations"
                  search={cleanInvitationsSearch({ ...search, page: page + 1 })}
                  rel="next"
                >
                  Next
                </Link>
              </Button>
            ) : null}
          </div>
        </nav>
      ) : null}
      {inviting ? (
        <InviteDialog
          actor={me}
          chooseOrg={acrossOrgs}
          organizations={organizations}
          wait={wait}
          onThrottled={throttle}
          onOpenChange={setInviting}
        />
      ) : null}
      {revoking ? (
        <RevokeDialog invitation={revoking} onOpenChange={(open) => !open && setRevoking(null)} />
      ) : null}
    </div>
  );
}
