import { can } from '@praxis/policy';
import {
  Alert,
  AlertDescription,
  AlertTitle,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@praxis/ui';
import { useQuery } from '@tanstack/react-query';
import { createFileRoute, redirect } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatDuration } from '../../components/settings/duration';
import { errorMessage } from '../../lib/errors';
import { type RouterOutputs, useTRPC } from '../../trpc';

export const Route = createFileRoute('/_app/settings')({
  // Only administrators read the settings: anyone else (a shared link) goes to the start page.
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (!can(me, 'settings.read')) throw redirect({ to: '/', replace: true });
  },
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(context.trpc.settings.get.queryOptions());
  },
  component: SettingsPage,
});

// Every limit the server has must have its words here (the type says which).
const RATE_LIMIT_LABELS: Record<RouterOutputs['settings']['get']['rateLimits'][number]['name'], string> = {
  loginFailuresPerAccount: 'Failed sign-ins per account',
  loginFailuresPerIp: 'Failed sign-ins per IP address',
  codeChecksPerChallenge: 'Code checks per sign-in code',
  codeFailuresPerAccount: 'Wrong sign-in codes per account',
  codeChecksPerIp: 'Code checks per IP address',
  mailsPerAccount: 'Mails per account',
  mailsPerIp: 'Mails per IP address',
  registrationsPerIp: 'Sign-ups per IP address',
  invitationsPerInviter: 'Invitations per inviter',
  impersonationsPerActor: 'Impersonations per admin or support user',
};

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-lg">{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          {children}
        </dl>
      </CardContent>
    </Card>
  );
}

function Value({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="font-medium">{children}</dd>
    </>
  );
}

function SettingsPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const s = settings.data;
  return (
    <div className="grid gap-4">
      <div>
        <h1 className="font-semibold text-2xl">Settings</h1>
        <p className="text-muted-foreground text-sm">
          The server's configuration, read-only: it is set by environment variables when the server starts.
        </p>
      </div>
      {settings.error ? (
        <Alert variant="destructive">
          <AlertTitle>The settings could not be loaded</AlertTitle>
          <AlertDescription>{errorMessage(settings.error)}</AlertDescription>
        </Alert>
      ) : null}
      {!s && !settings.error ? <Skeleton className="h-64 w-full" /> : null}
      {s ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Section title="General" description="Where the app runs.">
            <Value term="Web app address (APP_URL)">{s.appUrl}</Value>
            <Value term="Environment (NODE_ENV)">{s.environment}</Value>
            <Value term="Audit log kept for (AUDIT_RETENTION_DAYS)">
              {formatDuration(s.auditRetentionDays * 86_400)}
            </Value>
          </Section>
          <Section title="Mail" description="How the app sends codes, links and invitations.">
            <Value term="Sender (MAIL_FROM)">{s.mailFrom}</Value>
            <Value term="SMTP server (SMTP_URL)">{s.smtpHost ?? 'Not configured'}</Value>
          </Section>
          <Section title="Sessions and presence" description="How long people stay signed in and online.">
            <Value term="Session lifetime (SESSION_TTL_HOURS)">{formatDuration(s.sessionTtlSeconds)}</Value>
            <Value term="Offline after no heartbeat for (PRESENCE_TIMEOUT_SECONDS)">
              {formatDuration(s.presenceTimeoutSeconds)}
            </Value>
          </Section>
          <Section title="Accounts" description="Who may sign up, and who must use two-factor sign-in.">
            <Value term="Sign-up (SIGNUP)">
              {s.signup === 'open' ? 'Open, with email confirmation and approval' : 'By invitation only'}
            </Value>
            <Value term="Two-factor sign-in required of (REQUIRE_2FA_ROLES)">
              {s.requireTwoFactorRoles.length
                ? s.requireTwoFactorRoles.join(', ')
                : 'No role (organisations may require it)'}
            </Value>
          </Section>
          <Section title="Codes and links" description="How long what the app mails stays valid.">
            <Value term="Sign-in code">
              {formatDuration(s.signInCodeTtlSeconds)}, {s.signInCodeMaxAttempts} wrong tries
            </Value>
            <Value term="Password reset link">{formatDuration(s.passwordResetLinkTtlSeconds)}</Value>
            <Value term="Set-password link (new accounts)">
              {formatDuration(s.setPasswordLinkTtlSeconds)}
            </Value>
            <Value term="Invitation">{formatDuration(s.invitationTtlSeconds)}</Value>
          </Section>
        </div>
      ) : null}
      {s ? (
        <Card>
          <CardHeader>
            <CardTitle className="text-lg">Rate limits</CardTitle>
            <CardDescription>
              Past the limit within the window, further attempts are refused until the block ends.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Table aria-label="Rate limits">
              <TableHeader>
                <TableRow>
                  <TableHead>Limit</TableHead>
                  <TableHead>At most</TableHead>
                  <TableHead>Within</TableHead>
                  <TableHead>Then blocked for</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {s.rateLimits.map((limit) => (
                  <TableRow key={limit.name}>
                    <TableCell>{RATE_LIMIT_LABELS[limit.name]}</TableCell>
                    <TableCell>{limit.points}</TableCell>
                    <TableCell>{formatDuration(limit.windowSeconds)}</TableCell>
                    <TableCell>{formatDuration(limit.blockSeconds)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
