import {
  Alert,
  AlertDescription,
  AlertTitle,
  Badge,
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  useToast,
} from '@praxis/ui';
import type { RoleValue } from '@praxis/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { roleLabel } from '../users/user-cells';
import type { UserActions } from './user-actions';

type User = RouterOutputs['users']['get'];

/** Shared plumbing: every action updates the cached user and lists, and reports a refusal. */
function useUserMutations(user: User, onError: (message: string) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const done = (message: string) => (saved: User) => {
    queryClient.setQueryData(trpc.users.get.queryKey({ id: user.id }), saved);
    void queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
    onError('');
    toast(message);
  };
  const failed = (error: unknown) => {
    onError(errorMessage(error));
    toast(errorMessage(error), 'destructive');
  };
  const opts = (message: string) => ({ onSuccess: done(message), onError: failed });
  return {
    archive: useMutation(trpc.users.archive.mutationOptions(opts('Archived'))),
    unarchive: useMutation(trpc.users.unarchive.mutationOptions(opts('Unarchived'))),
    enable: useMutation(trpc.users.enable.mutationOptions(opts('Enabled'))),
    disable: useMutation(trpc.users.disable.mutationOptions(opts('Disabled'))),
    approve: useMutation(trpc.users.approve.mutationOptions(opts('Approved'))),
    unsuspend: useMutation(trpc.users.unsuspend.mutationOptions(opts('Suspension lifted'))),
    promote: useMutation(trpc.users.promote.mutationOptions(opts('Role added'))),
    demote: useMutation(trpc.users.demote.mutationOptions(opts('Role removed'))),
  };
}

const SIMPLE = [
  ['approve', 'Approve'],
  ['enable', 'Enable'],
  ['disable', 'Disable'],
  ['unsuspend', 'Lift suspension'],
  ['archive', 'Archive'],
  ['unarchive', 'Unarchive'],
] as const;

/** Lifecycle and role actions, only those the viewer may take; a refusal shows here in an alert. */
export function ActionsPanel({ user, allowed }: { user: User; allowed: UserActions }) {
  const [refusal, setRefusal] = useState('');
  const mutations = useUserMutations(user, setRefusal);
  const [role, setRole] = useState<RoleValue | ''>('');
  const roleId = useId();
  const pending = Object.values(mutations).some((m) => m.isPending);
  const any = SIMPLE.some(([key]) => allowed[key]) || allowed.suspend || allowed.delete;

  return (
    <div className="grid gap-4">
      {refusal ? (
        <Alert variant="destructive">
          <AlertTitle>Not done</AlertTitle>
          <AlertDescription>{refusal}</AlertDescription>
        </Alert>
      ) : null}
      <section aria-labelledby="lifecycle-heading" className="grid gap-2">
        <h2 id="lifecycle-heading" className="font-semibold text-lg">
          Account
        </h2>
        {any ? (
          <div className="flex flex-wrap gap-2">
            {SIMPLE.filter(([key]) => allowed[key]).map(([key, label]) => (
              <Button
                key={key}
                variant="outline"
                disabled={pending}
                onClick={() => mutations[key].mutate({ id: user.id })}
              >
                {label}
              </Button>
            ))}
            {allowed.suspend ? <SuspendDialog user={user} onRefused={setRefusal} /> : null}
            {allowed.delete ? <DeleteDialog user={user} /> : null}
          </div>
        ) : (
          <p className="text-muted-foreground text-sm">You may not change this account.</p>
        )}
      </section>
      <section aria-labelledby="roles-heading" className="grid gap-2">
        <h2 id="roles-heading" className="font-semibold text-lg">
          Roles
        </h2>
        <ul className="flex flex-wrap gap-2">
          {user.roles.map((held) => (
            <li key={held} className="flex items-center gap-1">
              <Badge variant="secondary">{roleLabel(held)}</Badge>
              {allowed.demote.includes(held) ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={pending}
                  aria-label={`Remove role ${roleLabel(held)}`}
                  onClick={() => mutations.demote.mutate({ id: user.id, role: held })}
                >
                  ×
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
        {allowed.promote.length ? (
          <form
            className="flex items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (role) mutations.promote.mutate({ id: user.id, role }, { onSuccess: () => setRole('') });
            }}
          >
            <div className="grid gap-1.5">
              <label htmlFor={roleId} className="font-medium text-sm">
                Add role
              </label>
              <select
                id={roleId}
                className="h-10 rounded-md border border-input bg-background px-2 text-sm"
                value={role}
                onChange={(event) => setRole(event.target.value as RoleValue | '')}
              >
                <option value="">Choose a role</option>
                {allowed.promote.map((option) => (
                  <option key={option} value={option}>
                    {roleLabel(option)}
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" variant="outline" disabled={!role || pending}>
              Add
            </Button>
          </form>
        ) : null}
      </section>
    </div>
  );
}

function SuspendDialog({ user, onRefused }: { user: User; onRefused: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const suspend = useMutation(
    trpc.users.suspend.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.users.get.queryKey({ id: user.id }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
        setOpen(false);
        onRefused('');
        toast('Suspended');
      },
      onError: (error) => {
        if (!Object.keys(fieldErrorsOf(error)).length) onRefused(errorMessage(error));
      },
    }),
  );
  const errors = fieldErrorsOf(suspend.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    suspend.mutate({
      id: user.id,
      // datetime-local is the viewer's local time: send the instant it means.
      ...(until ? { until: new Date(until).toISOString() } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">Suspend</Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Suspend {user.email}</DialogTitle>
            <DialogDescription>
              They are signed out and cannot sign in until the suspension ends.
            </DialogDescription>
          </DialogHeader>
          <Field label="Until (optional)" errors={errors.until} hint="Empty: until someone lifts it.">
            <Input type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)} />
          </Field>
          <Field label="Reason (optional)" errors={errors.reason}>
            <Input value={reason} onChange={(event) => setReason(event.target.value)} />
          </Field>
          <DialogFooter>
            <Button type="submit" variant="destructive" disabled={suspend.isPending}>
              Suspend
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Deleting is permanent: the viewer types the user's email to confirm. */
function DeleteDialog({ user }: { user: User }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { toast } = useToast();
  const [typed, setTyped] = useState('');
  const remove = useMutation(
    trpc.users.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
        toast(`Deleted ${user.email}`);
        void navigate({ to: '/users' });
      },
    }),
  );
  const matches = typed.trim().toLowerCase() === user.email.toLowerCase();
  return (
    <Dialog onOpenChange={() => setTyped('')}>
      <DialogTrigger asChild>
        <Button variant="destructive">Delete</Button>
      </DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (matches) remove.mutate({ id: user.id });
          }}
        >
          <DialogHeader>
            <DialogTitle>Delete {user.email}?</DialogTitle>
            <DialogDescription>
              This cannot be undone. The audit log keeps the id. Type the email address to confirm.
            </DialogDescription>
          </DialogHeader>
          {remove.error ? (
            <Alert variant="destructive">
              <AlertDescription>{errorMessage(remove.error)}</AlertDescription>
            </Alert>
          ) : null}
          <Field label="Email address">
            <Input value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
          </Field>
          <DialogFooter>
            <Button type="submit" variant="destructive" disabled={!matches || remove.isPending}>
              Delete permanently
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
