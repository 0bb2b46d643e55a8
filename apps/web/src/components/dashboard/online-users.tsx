import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton } from '@praxis/ui';
import { usePresence } from '../../lib/presence';
import { RelativeTime } from '../relative-time';
import { useUserNames } from './use-user-names';

/** Beyond this many, the card lists the most recently active and counts the rest. */
const SHOWN = 50;

const STATUS_TEXT = { connecting: 'Connecting…', offline: 'Live updates unavailable' } as const;

/** Who is online now, live from the /presence socket, most recently active first. */
export function OnlineUsers() {
  const { status, users } = usePresence();
  const online = [...users]
    .filter(([, entry]) => entry.online)
    .map(([userId, entry]) => ({
      userId,
      lastActivity: entry.lastActivity ? new Date(entry.lastActivity) : null,
    }))
    .sort((a, b) => (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0));
  const shown = online.slice(0, SHOWN);
  const names = useUserNames(shown.map((user) => user.userId));
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-2">
        <div className="grid gap-1.5">
          <CardTitle>Online now</CardTitle>
          <CardDescription>Updated live</CardDescription>
        </div>
        {status !== 'live' && <Badge variant="outline">{STATUS_TEXT[status]}</Badge>}
      </CardHeader>
      <CardContent>
        {/* polite: a screen reader hears who comes and goes without losing its place */}
        <ul aria-label="Online users" aria-live="polite" className="grid gap-3" data-testid="online-users">
          {shown.map(({ userId, lastActivity }) => {
            const user = names.get(userId);
            return (
              <li key={userId} className="flex items-center gap-3" data-user-id={userId}>
                <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-emerald-600" />
                <div className="min-w-0 flex-1">
                  {user === undefined ? (
                    <Skeleton className="h-4 w-32" />
                  ) : (
                    <p className="truncate text-sm font-medium">{user?.name ?? 'Unknown user'}</p>
                  )}
                  <p className="text-xs text-muted-foreground">
                    Active <RelativeTime date={lastActivity} fallback="recently" />
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
        {online.length === 0 && status === 'live' && (
          <p className="text-sm text-muted-foreground">Nobody else is online.</p>
        )}
        {online.length > SHOWN && (
          <p className="mt-3 text-sm text-muted-foreground">and {online.length - SHOWN} more</p>
        )}
      </CardContent>
    </Card>
  );
}
