import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@praxis/ui';
import { RelativeTime } from '../relative-time';
import { useUserNames } from './use-user-names';

interface ActivityItem {
  userId: string | null;
  action: string;
  timestamp: Date;
}

// Words for the common audit actions; any other shows as its name (`orgs.update`).
const ACTION_TEXT: Record<string, string> = {
  'auth.login': 'signed in',
  'auth.2fa_verified': 'signed in with a code',
  'auth.2fa_sent': 'was sent a sign-in code',
  'auth.2fa_resent': 'was sent a new sign-in code',
  'auth.2fa_failed': 'entered a wrong code',
  'auth.login_failed': 'failed to sign in',
  'auth.login_refused': 'was refused sign-in',
  'auth.logout': 'signed out',
  'auth.logout_all': 'signed out everywhere',
  'auth.password_changed': 'changed their password',
  'auth.password_reset': 'reset their password',
  'auth.password_reset_requested': 'asked for a password reset',
  'auth.registered': 'signed up',
  'auth.email_confirmed': 'confirmed their email address',
  'users.approve': 'approved a user',
  'users.reset_two_factor': "reset a user's two-factor sign-in",
  'users.clear_lockout': "cleared a user's sign-in lockout",
  'users.password_reset_sent': 'sent a user a password reset link',
  'auth.totp_enrolled': 'set up an authenticator app',
  'auth.totp_disabled': 'turned off their authenticator app',
  'auth.backup_codes_regenerated': 'made new backup codes',
  'auth.backup_code_used': 'signed in with a backup code',
  'users.create': 'created a user',
  'users.update': 'updated a user',
  'users.archive': 'archived a user',
  'users.unarchive': 'restored a user',
  'invitations.create': 'invited someone',
  'invitations.accept': 'accepted an invitation',
};

/** The latest audit events in the viewer's organisations, newest first. */
export function RecentActivity({ items }: { items: ActivityItem[] }) {
  const ids = [...new Set(items.flatMap((item) => (item.userId ? [item.userId] : [])))];
  const names = useUserNames(ids);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Recent activity</CardTitle>
        <CardDescription>The latest {items.length} events</CardDescription>
      </CardHeader>
      <CardContent>
        {items.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing yet.</p>
        ) : (
          <ol className="grid gap-3">
            {items.map((item, index) => {
              // Still loading: an ellipsis; unreadable (deleted since) or no user at all: said so.
              const user = item.userId ? names.get(item.userId) : null;
              const who =
                user === undefined ? '…' : (user?.name ?? (item.userId ? 'A former user' : 'Someone'));
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: events have no id here and never reorder
                <li key={index} className="flex items-baseline justify-between gap-4 text-sm">
                  <span className="min-w-0">
                    <span className="font-medium">{who}</span>{' '}
                    {ACTION_TEXT[item.action] ?? <code className="text-xs">{item.action}</code>}
                  </span>
                  <span className="shrink-0 text-xs text-muted-foreground">
                    <RelativeTime date={item.timestamp} />
                  </span>
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
