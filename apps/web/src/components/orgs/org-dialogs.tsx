import { Field, Input, useToast } from '@praxis/ui';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useInvalidate } from '../../lib/use-invalidate';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { ConfirmDialog, FormDialog } from '../dialogs';

export type Org = RouterOutputs['orgs']['list']['items'][number];
export type Lifecycle = 'activate' | 'deactivate' | 'archive' | 'unarchive';

const useInvalidateOrgs = () => useInvalidate(useTRPC().orgs.pathKey());

/** Create (no `org`) or edit an organisation: its name, and its therapist when the policy allows. */
export function OrgFormDialog({
  org,
  canSetTherapist,
  open,
  onOpenChange,
}: {
  org?: Org;
  canSetTherapist: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateOrgs();
  const [name, setName] = useState(org?.name ?? '');
  const [therapist, setTherapist] = useState(org?.therapistUserId ?? '');
  const [requireTwoFactor, setRequireTwoFactor] = useState(org?.requireTwoFactor ?? false);
  const [error, setError] = useState<unknown>(null);
  // Therapists are clinical members of the organisation: only offered when editing one.
  const clinicians = useQuery({
    ...trpc.users.list.queryOptions({
      pageSize: 100,
      page: 1,
      sortBy: 'lastName',
      sortDir: 'asc',
      filters: { clinical: true, organizationId: org?.id ?? '' },
    }),
    enabled: open && canSetTherapist && Boolean(org),
  });
  const onDone = (message: string) => () => {
    invalidate();
    toast(message);
    onOpenChange(false);
  };
  const create = useMutation(
    trpc.orgs.create.mutationOptions({ onSuccess: onDone('Organisation created'), onError: setError }),
  );
  const update = useMutation(
    trpc.orgs.update.mutationOptions({ onSuccess: onDone('Organisation saved'), onError: setError }),
  );
  const fieldErrors = fieldErrorsOf(error);
  const submit = () => {
    setError(null);
    if (!org) {
      create.mutate({ name, requireTwoFactor });
      return;
    }
    const patch: { name?: string; therapistUserId?: string | null; requireTwoFactor?: boolean } = {
      name,
      requireTwoFactor,
    };
    if (canSetTherapist) patch.therapistUserId = therapist || null;
    update.mutate({ id: org.id, patch });
  };
  const pending = create.isPending || update.isPending;
  const otherError = error && !fieldErrors.name && !fieldErrors.therapistUserId ? errorMessage(error) : null;
  return (
    <FormDialog
      open={open}
      title={org ? `Edit ${org.name}` : 'New organisation'}
      description={
        org ? 'Change the organisation’s details.' : 'The organisation starts active, with no members.'
      }
      error={otherError}
      submitLabel={org ? 'Save' : 'Create organisation'}
      pending={pending}
      onSubmit={submit}
      onOpenChange={onOpenChange}
    >
      <Field label="Name" errors={fieldErrors.name ?? fieldErrors['patch.name']}>
        <Input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      {org && canSetTherapist ? (
        <Field label="Therapist" errors={fieldErrors.therapistUserId ?? fieldErrors['patch.therapistUserId']}>
          <select
            name="therapistUserId"
            className="h-10 rounded-md border border-input bg-background px-2 text-sm"
            value={therapist}
            onChange={(e) => setTherapist(e.target.value)}
          >
            <option value="">No therapist</option>
            {org.therapistUserId && !clinicians.data?.items.some((u) => u.id === org.therapistUserId) ? (
              <option value={org.therapistUserId}>Current therapist</option>
            ) : null}
            {clinicians.data?.items.map((u) => (
              <option key={u.id} value={u.id}>
                {[u.firstName, u.lastName].filter(Boolean).join(' ') || u.email}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <div className="grid gap-1">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="requireTwoFactor"
            className="size-4"
            checked={requireTwoFactor}
            onChange={(e) => setRequireTwoFactor(e.target.checked)}
            aria-describedby="require-two-factor-hint"
          />
          Members must use two-factor authentication
        </label>
        <p id="require-two-factor-hint" className="text-muted-foreground text-xs">
          A member without email codes or an authenticator app is asked to set one up at their next request,
          before anything else.
        </p>
      </div>
    </FormDialog>
  );
}

const LIFECYCLE_TEXT: Record<Lifecycle, { title: string; verb: string; effect: (n: number) => string }> = {
  deactivate: {
    title: 'Deactivate',
    verb: 'Deactivate',
    effect: (n) =>
      `Its ${n} member${n === 1 ? '' : 's'} will be signed out of every session at once and cannot sign in until it is activated again.`,
  },
  activate: {
    title: 'Activate',
    verb: 'Activate',
    effect: () => 'Its members may sign in again. Nobody is signed out.',
  },
  archive: {
    title: 'Archive',
    verb: 'Archive',
    effect: (n) =>
      `It moves to the archived view. Its ${n} member${n === 1 ? '' : 's'} will be signed out of every session at once and cannot sign in while it is archived.`,
  },
  unarchive: {
    title: 'Unarchive',
    verb: 'Unarchive',
    effect: () =>
      'It returns to the current list. Its members may sign in again if it is active. Nobody is signed out.',
  },
};

/** The confirmation before a status change: says what happens to the members' sessions. */
export function LifecycleDialog({
  org,
  action,
  onOpenChange,
}: {
  org: Org;
  action: Lifecycle;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateOrgs();
  const [error, setError] = useState<unknown>(null);
  const text = LIFECYCLE_TEXT[action];
  const options = {
    onSuccess: () => {
      invalidate();
      toast(`${org.name}: ${action}d`);
      onOpenChange(false);
    },
    onError: setError,
  };
  const mutations = {
    activate: useMutation(trpc.orgs.activate.mutationOptions(options)),
    deactivate: useMutation(trpc.orgs.deactivate.mutationOptions(options)),
    archive: useMutation(trpc.orgs.archive.mutationOptions(options)),
    unarchive: useMutation(trpc.orgs.unarchive.mutationOptions(options)),
  };
  const mutation = mutations[action];
  return (
    <ConfirmDialog
      title={`${text.title} ${org.name}?`}
      description={text.effect(org.memberCount)}
      error={error}
      confirmLabel={text.verb}
      variant={action === 'deactivate' || action === 'archive' ? 'destructive' : 'default'}
      pending={mutation.isPending}
      onConfirm={() => mutation.mutate({ id: org.id })}
      onOpenChange={onOpenChange}
    />
  );
}
