import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  useToast,
} from '@praxis/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { type RouterOutputs, useTRPC } from '../../trpc';
import type { UserActions } from './user-actions';

type User = RouterOutputs['users']['get'];

/** Help for someone who cannot sign in: each action asks for confirmation first. */
export function SignInHelpPanel({ user, allowed }: { user: User; allowed: UserActions }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const failed = (error: unknown) => toast(errorMessage(error), 'destructive');
  const resetTwoFactor = useMutation(
    trpc.users.resetTwoFactor.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.users.get.queryKey({ id: user.id }), saved);
        toast('Two-factor sign-in turned off');
      },
      onError: failed,
    }),
  );
  const clearLockout = useMutation(
    trpc.users.clearLockout.mutationOptions({
      onSuccess: () => toast('Sign-in lockout cleared'),
      onError: failed,
    }),
  );
  const sendPasswordReset = useMutation(
    trpc.users.sendPasswordReset.mutationOptions({
      onSuccess: () => toast(`Reset link sent to ${user.email}`),
      onError: failed,
    }),
  );
  const email = user.email;
  return (
    <section aria-labelledby="help-heading" className="grid gap-2">
      <h2 id="help-heading" className="font-semibold text-lg">
        Sign-in help
      </h2>
      <div className="flex flex-wrap gap-2">
        {allowed.clearLockout ? (
          <ConfirmAction
            label="Clear sign-in lockout"
            title={`Clear the sign-in lockout of ${email}?`}
            description="Failed sign-in attempts and mail limits of this account are forgotten: they may try again at once."
            pending={clearLockout.isPending}
            onConfirm={() => clearLockout.mutateAsync({ id: user.id })}
          />
        ) : null}
        {allowed.sendPasswordReset ? (
          <ConfirmAction
            label="Send password reset"
            title={`Send a password reset link to ${email}?`}
            description="They receive the same mail as from “Forgot password?”: a link that works once, for 1 hour."
            pending={sendPasswordReset.isPending}
            onConfirm={() => sendPasswordReset.mutateAsync({ id: user.id })}
          />
        ) : null}
        {allowed.resetTwoFactor ? (
          <ConfirmAction
            label="Reset two-factor"
            title={`Turn off two-factor sign-in for ${email}?`}
            description="Their second factors are turned off; where two-factor is required they must set it up again at their next sign-in."
            pending={resetTwoFactor.isPending}
            onConfirm={() => resetTwoFactor.mutateAsync({ id: user.id })}
            destructive
          />
        ) : null}
      </div>
    </section>
  );
}

function ConfirmAction({
  label,
  title,
  description,
  pending,
  onConfirm,
  destructive = false,
}: {
  label: string;
  title: string;
  description: string;
  pending: boolean;
  onConfirm: () => Promise<unknown>;
  destructive?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">{label}</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant={destructive ? 'destructive' : 'default'}
            disabled={pending}
            onClick={() => {
              // The toast reports the outcome; the dialog closes either way.
              void onConfirm()
                .catch(() => {})
                .finally(() => setOpen(false));
            }}
          >
            {label}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
