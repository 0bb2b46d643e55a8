import { useQueryClient } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { PasswordForm } from '../../components/account/password-form';
import { useMe } from '../../lib/session';
import { useTRPC } from '../../trpc';

export const Route = createFileRoute('/_app/choose-password')({ component: ChoosePassword });

/** A password set by someone else (an admin) is replaced before anything else. */
function ChoosePassword() {
  const { data: me } = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <div className="mx-auto grid max-w-lg gap-6">
      <div className="grid gap-2">
        <h1 className="text-2xl font-semibold">Choose a new password</h1>
        <p className="text-muted-foreground">
          Your password was set by someone else. Choose your own before you continue: enter the one you were
          given, then a new one only you know. You are signed in as {me.email}.
        </p>
      </div>
      <PasswordForm
        owner={me}
        onChanged={async () => {
          await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
          await navigate({ to: '/' });
        }}
      />
    </div>
  );
}
