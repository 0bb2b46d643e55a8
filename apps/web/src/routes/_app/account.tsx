import { createFileRoute } from '@tanstack/react-router';
import { PasswordForm } from '../../components/account/password-form';
import { ProfileForm } from '../../components/account/profile-form';
import { SessionsCard } from '../../components/account/sessions-card';
import { TwoFactorForm } from '../../components/account/two-factor-form';
import { useMe } from '../../lib/session';

export const Route = createFileRoute('/_app/account')({
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.auth.sessions.queryOptions()),
  component: Account,
});

/** The signed-in user's own account: profile, password, email codes, sessions. */
function Account() {
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-semibold">Your account</h1>
      {/* keyed by the saved values, so the form shows them again after a save elsewhere */}
      <ProfileForm key={`${me.updatedAt.toISOString()}`} me={me} />
      <div className="grid gap-6 lg:grid-cols-2">
        <PasswordForm owner={me} />
        <TwoFactorForm enabled={me.email2faEnabled} />
      </div>
      <SessionsCard />
    </div>
  );
}
