import { Field, Input, useToast } from '@praxis/ui';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useInvalidate } from '../../lib/use-invalidate';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { ConfirmDialog, FormDialog } from '../dialogs';

export type Group = RouterOutputs['groups']['list']['items'][number];
export interface OrgOption {
  id: string;
  name: string;
}

export const useInvalidateGroups = () => useInvalidate(useTRPC().groups.pathKey());

/**
 * Create (no `group`) or rename a group. An admin picks the new group's organisation; anyone else
 * creates it in their own. A taken name (CONFLICT) shows beside the name field.
 */
export function GroupFormDialog({
  group,
  organizations,
  defaultOrg,
  onOpenChange,
  onCreated,
}: {
  group?: Group;
  /** The organisations to choose from (admins); empty: the viewer's own, not asked. */
  organizations: readonly OrgOption[];
  defaultOrg?: string | undefined;
  onOpenChange: (open: boolean) => void;
  onCreated?: (id: string) => void;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateGroups();
  const [name, setName] = useState(group?.name ?? '');
  const [org, setOrg] = useState(defaultOrg ?? '');
  const [error, setError] = useState<unknown>(null);
  const create = useMutation(
    trpc.groups.create.mutationOptions({
      onSuccess: (created) => {
        invalidate();
        toast(`Group ${created.name} created`);
        onOpenChange(false);
        onCreated?.(created.id);
      },
      onError: setError,
    }),
  );
  const update = useMutation(
    trpc.groups.update.mutationOptions({
      onSuccess: (saved) => {
        invalidate();
        toast(`Group renamed to ${saved.name}`);
        onOpenChange(false);
      },
      onError: setError,
    }),
  );
  const fieldErrors = fieldErrorsOf(error);
  const nameErrors = fieldErrors.name ?? fieldErrors['patch.name'];
  const chooseOrg = !group && organizations.length > 0;
  const submit = () => {
    setError(null);
    if (group) update.mutate({ id: group.id, patch: { name } });
    else create.mutate({ name, ...(chooseOrg && org ? { organizationId: org } : {}) });
  };
  const otherError = error && !nameErrors && !fieldErrors.organizationId ? errorMessage(error) : null;
  return (
    <FormDialog
      title={group ? `Rename ${group.name}` : 'New group'}
      description={
        group
          ? 'Group names are unique within an organisation.'
          : 'A group gathers users of one organisation. It starts with no members.'
      }
      error={otherError}
      submitLabel={group ? 'Save' : 'Create group'}
      pending={create.isPending || update.isPending}
      onSubmit={submit}
      onOpenChange={onOpenChange}
    >
      <Field label="Name" errors={nameErrors}>
        <Input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      {chooseOrg ? (
        <Field label="Organisation" errors={fieldErrors.organizationId}>
          <select
            name="organizationId"
            className="h-10 rounded-md border border-input bg-background px-2 text-sm"
            value={org}
            onChange={(e) => setOrg(e.target.value)}
          >
            <option value="">Choose…</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </FormDialog>
  );
}

/** The confirmation before a group is deleted (its members stay; only the group goes). */
export function DeleteGroupDialog({
  group,
  onOpenChange,
  onDeleted,
}: {
  group: Group;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateGroups();
  const [error, setError] = useState<unknown>(null);
  const remove = useMutation(
    trpc.groups.delete.mutationOptions({
      onSuccess: () => {
        invalidate();
        toast(`Group ${group.name} deleted`);
        onOpenChange(false);
        onDeleted();
      },
      onError: setError,
    }),
  );
  const n = group.memberCount;
  return (
    <ConfirmDialog
      title={`Delete ${group.name}?`}
      description={`The group goes for good. ${n === 0 ? 'It has no members.' : `Its ${n} member${n === 1 ? '' : 's'} keep their accounts.`}`}
      error={error}
      confirmLabel="Delete"
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ id: group.id })}
      onOpenChange={onOpenChange}
    />
  );
}
