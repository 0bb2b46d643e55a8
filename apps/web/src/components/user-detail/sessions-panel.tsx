import { Button, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, useToast } from '@praxis/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { RelativeTime } from '../relative-time';

/** A user's live sessions (users.sessions) and signing them out everywhere (users.revokeSessions). */
export function SessionsPanel({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const sessions = useQuery(trpc.users.sessions.queryOptions({ id: userId }));
  const revoke = useMutation(
    trpc.users.revokeSessions.mutationOptions({
      onSuccess: (answer) => {
        toast(`${answer.revoked} session${answer.revoked === 1 ? '' : 's'} ended`);
        void queryClient.invalidateQueries({ queryKey: trpc.users.sessions.queryKey({ id: userId }) });
      },
      onError: (error) => toast(errorMessage(error), 'destructive'),
    }),
  );
  return (
    <section aria-labelledby="sessions-heading" className="grid gap-2">
      <div className="flex items-center gap-4">
        <h2 id="sessions-heading" className="font-semibold text-lg">
          Sessions
        </h2>
        {sessions.data?.length ? (
          <Button
            size="sm"
            variant="outline"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate({ id: userId })}
          >
            Sign out everywhere
          </Button>
        ) : null}
      </div>
      {sessions.error ? <p className="text-destructive text-sm">{errorMessage(sessions.error)}</p> : null}
      {sessions.data && sessions.data.length === 0 ? (
        <p className="text-muted-foreground text-sm">No active sessions.</p>
      ) : null}
      {sessions.data?.length ? (
        <Table aria-label="Sessions">
          <TableHeader>
            <TableRow>
              <TableHead>Device</TableHead>
              <TableHead>IP</TableHead>
              <TableHead>Started</TableHead>
              <TableHead>Last seen</TableHead>
              <TableHead>Expires</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.data.map((session) => (
              <TableRow key={session.id}>
                <TableCell className="max-w-64 truncate" title={session.userAgent ?? undefined}>
                  {session.userAgent ?? 'unknown'}
                  {session.current ? ' (this session)' : ''}
                  {session.impersonatedBy ? ` (impersonation by ${session.impersonatedBy.email})` : ''}
                </TableCell>
                <TableCell>{session.ip ?? '—'}</TableCell>
                <TableCell>
                  <RelativeTime date={session.createdAt} />
                </TableCell>
                <TableCell>
                  <RelativeTime date={session.lastSeenAt} />
                </TableCell>
                <TableCell>
                  <RelativeTime date={session.expiresAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </section>
  );
}
