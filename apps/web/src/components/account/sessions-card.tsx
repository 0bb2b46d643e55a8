import {
  Badge,
  Button,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
} from '@praxis/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { RelativeTime } from '../relative-time';
import { AccountCard } from './account-card';
import { describeUserAgent } from './user-agent';

/** Where the user is signed in (auth.sessions); any other session can be ended from here. */
export function SessionsCard({ impersonating = false }: { impersonating?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: () => toast('The session is signed out.'),
      onError: (error) => toast(errorMessage(error), 'destructive'),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );

  return (
    <AccountCard title="Sessions" description="Browsers and devices signed in as you.">
      {sessions.isPending ? (
        <div className="grid gap-2" aria-hidden>
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : sessions.error ? (
        <p className="text-destructive text-sm">{errorMessage(sessions.error)}</p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Device</TableHead>
              <TableHead>IP address</TableHead>
              <TableHead>Signed in</TableHead>
              <TableHead>Last active</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.data.map((session) => {
              const device = describeUserAgent(session.userAgent);
              return (
                <TableRow key={session.id}>
                  <TableCell>
                    <span className="flex items-center gap-2">
                      {device}
                      {session.current ? <Badge variant="success">This session</Badge> : null}
                      {session.impersonatedBy ? (
                        <Badge variant="secondary">Opened by {session.impersonatedBy.email}</Badge>
                      ) : null}
                    </span>
                  </TableCell>
                  <TableCell>{session.ip ?? '—'}</TableCell>
                  <TableCell>
                    <RelativeTime date={session.createdAt} />
                  </TableCell>
                  <TableCell>
                    <RelativeTime date={session.lastSeenAt} />
                  </TableCell>
                  <TableCell className="text-right">
                    {session.current || impersonating ? null : (
                      <Button
                        variant="outline"
                        size="sm"
                        disabled={revoke.isPending && revoke.variables?.sessionId === session.id}
                        onClick={() => revoke.mutate({ sessionId: session.id })}
                        aria-label={`Sign out ${device}, signed in ${new Date(session.createdAt).toLocaleString()}`}
                      >
                        Sign out
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </AccountCard>
  );
}
