import {
  Alert,
  AlertDescription,
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Field,
} from '@praxis/ui';
import { IMPERSONATION_REASON_MAX } from '@praxis/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useTRPC } from '../../trpc';

/**
 * Signs the viewer in as this user for at most an hour, after they say why. The server switches
 * this browser's session cookie (and keeps the viewer's own for "Stop impersonating"), so the
 * whole app reloads as the user.
 */
export function ImpersonateDialog({ user }: { user: { id: string; email: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const impersonate = useMutation(
    trpc.auth.impersonate.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        window.location.assign('/');
      },
    }),
  );
  const errors = fieldErrorsOf(impersonate.error);
  const refusal = impersonate.error && !Object.keys(errors).length ? errorMessage(impersonate.error) : '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    impersonate.mutate({ userId: user.id, reason });
  };
  return (
    <Dialog onOpenChange={() => impersonate.reset()}>
      <DialogTrigger asChild>
        <Button variant="outline">Sign in as this user</Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Sign in as {user.email}?</DialogTitle>
            <DialogDescription>
              For at most one hour you see and do what they can, except changing their password, email or
              two-factor settings. They get an email naming you and your reason, and everything you do is
              recorded under both names.
            </DialogDescription>
          </DialogHeader>
          {refusal ? (
            <Alert variant="destructive">
              <AlertDescription>{refusal}</AlertDescription>
            </Alert>
          ) : null}
          <Field
            label="Reason"
            errors={errors.reason}
            hint="For example the support ticket you are working on."
          >
            <textarea
              className="min-h-20 rounded-md border border-input bg-background px-3 py-2 text-sm"
              value={reason}
              maxLength={IMPERSONATION_REASON_MAX}
              required
              onChange={(event) => setReason(event.target.value)}
            />
          </Field>
          <DialogFooter>
            <Button type="submit" disabled={impersonate.isPending}>
              Sign in as this user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
