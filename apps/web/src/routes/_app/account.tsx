import { createFileRoute, Link } from '@tanstack/react-router';
import { AuthenticatorCard } from '../../components/account/authenticator-card';
import { PasswordForm } from '../../components/account/password-form';
import { ProfileForm } from '../../components/account/profile-form';
import { SessionsCard } from '../../components/account/sessions-card';
import { TwoFactorForm } from '../../components/account/two-factor-form';
import { useMe } from '../../lib/session';

export const Route = createFileRoute('/_app/account')({
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.auth.sessions.queryOptions()),
  component: Account,
});

/** The signed-in user's own account: profile, password, email codes, authenticator app, sessions. */
function Account() {
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Your account</h1>
        <Link to="/profile" className="text-sm font-medium underline-offset-4 hover:underline">
          Practice profile (addresses, account, professional) →
        </Link>
      </div>
      {/* keyed by the saved values, so the form shows them again after a save elsewhere */}
      <ProfileForm key={`${me.updatedAt.toISOString()}`} me={me} />
      {me.impersonatedBy ? (
        // The server refuses these in an impersonation session (IMPERSONATION_NOT_ALLOWED).
        <p className="text-muted-foreground text-sm">
          The password, two-factor settings and other sessions stay with the account’s owner while you
          impersonate them.
        </p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <PasswordForm owner={me} />
          <TwoFactorForm enabled={me.email2faEnabled} />
          <AuthenticatorCard enabled={me.twoFactorMethods.includes('totp')} />
        </div>
      )}
      <SessionsCard impersonating={Boolean(me.impersonatedBy)} />
    </div>
  );
}
