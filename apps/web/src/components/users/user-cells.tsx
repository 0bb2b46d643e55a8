import { Badge } from '@praxis/ui';
import { useUserPresence } from '../../lib/presence';
import { RelativeTime } from '../relative-time';

/** Live online state: the socket's value when it has one, else the API's (null = unknown). */
export function OnlineState({
  userId,
  isOnline,
  lastActivity,
}: {
  userId: string;
  isOnline: boolean | null;
  lastActivity: Date | null;
}) {
  const presence = useUserPresence(userId, { isOnline, lastActivity });
  if (presence.online === null) return <Badge variant="outline">unknown</Badge>;
  return presence.online ? (
    <Badge variant="success">online</Badge>
  ) : (
    <Badge variant="secondary">offline</Badge>
  );
}

const STATUS_VARIANT = {
  active: 'success',
  pending: 'warning',
  inactive: 'secondary',
  suspended: 'destructive',
} as const;

export function StatusBadge({
  status,
  archived,
}: {
  status: keyof typeof STATUS_VARIANT;
  archived: boolean;
}) {
  return (
    <span className="flex flex-wrap gap-1">
      <Badge variant={STATUS_VARIANT[status]}>{status}</Badge>
      {archived ? <Badge variant="outline">archived</Badge> : null}
    </span>
  );
}

export const roleLabel = (role: string) => role.replace('_', ' ');

export { RelativeTime };
