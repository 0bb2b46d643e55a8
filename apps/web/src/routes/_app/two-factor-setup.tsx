import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { TwoFactorForm } from '../../components/account/two-factor-form';
import { useMe } from '../../lib/session';

export const Route = createFileRoute('/_app/two-factor-setup')({ component: TwoFactorSetup });

/**
 * Enforced 2FA: the organisation or the user's role requires a second factor, and the user has
 * none yet. For now the one method is email codes, turned on with the password.
 */
function TwoFactorSetup() {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const done = me !== undefined && !me.mustEnrollTwoFactor;
  useEffect(() => {
    if (done) void navigate({ to: '/' });
  }, [done, navigate]);
  if (!me) return null;
  return (
    <div className="mx-auto grid max-w-lg gap-6">
      <div className="grid gap-2">
        <h1 className="text-2xl font-semibold">Turn on two-factor authentication</h1>
        <p className="text-muted-foreground">
          Your organisation requires a second step at sign-in. Turn on email codes to continue: after your
          password, we will email you a 6-digit code.
        </p>
      </div>
      <TwoFactorForm enabled={me.email2faEnabled} />
    </div>
  );
}
