import { Alert, AlertDescription, Button, Field, Input, useToast } from '@praxis/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import type { FieldErrors } from '../../lib/zod-form';
import { type RouterOutputs, useTRPC } from '../../trpc';
import {
  BOOLEAN_FIELDS,
  formFieldErrors,
  formValuesOf,
  patchOf,
  TEXT_FIELDS,
  validatePatch,
} from './user-form';

type User = RouterOutputs['users']['get'];

/** The writable fields of a user (users.update): checked with the server's schema, then the server's answer. */
export function EditForm({ user }: { user: User }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [values, setValues] = useState(() => formValuesOf(user));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const organizations = useQuery(trpc.users.filterOptions.queryOptions());
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.users.get.queryKey({ id: user.id }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
        setValues(formValuesOf(saved));
        toast('Saved');
      },
      onError: (error) => {
        const fields = formFieldErrors(fieldErrorsOf(error));
        setErrors(fields);
        setFormError(Object.keys(fields).length ? null : errorMessage(error));
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const patch = patchOf(values, user);
    if (Object.keys(patch).length === 0) {
      setErrors({});
      toast('Nothing changed');
      return;
    }
    const checked = validatePatch(patch);
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      return;
    }
    setErrors({});
    update.mutate({ id: user.id, patch });
  };

  const set = (key: string, value: string | boolean) =>
    setValues((current) => ({ ...current, [key]: value }));

  return (
    <form onSubmit={submit} noValidate className="grid gap-4" aria-label="Edit user">
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {TEXT_FIELDS.map(([key, label]) => (
          <Field key={key} label={label} errors={errors[key]}>
            <Input
              name={key}
              type={key === 'dateOfBirth' ? 'date' : key === 'email' ? 'email' : 'text'}
              value={values[key]}
              onChange={(event) => set(key, event.target.value)}
              inputMode={key === 'npi' ? 'numeric' : undefined}
            />
          </Field>
        ))}
        <Field label="Organisation" errors={errors.organizationId}>
          <select
            name="organizationId"
            className="h-10 rounded-md border border-input bg-background px-2 text-sm"
            value={values.organizationId}
            onChange={(event) => set('organizationId', event.target.value)}
          >
            <option value="">None</option>
            {organizations.data?.organizations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
            {user.organization &&
            !organizations.data?.organizations.some((o) => o.id === user.organizationId) ? (
              <option value={user.organization.id}>{user.organization.name}</option>
            ) : null}
          </select>
        </Field>
        <Field label="Locations (one per line)" errors={errors.locations}>
          <textarea
            name="locations"
            rows={3}
            className="rounded-md border border-input bg-background px-3 py-2 text-sm"
            value={values.locations}
            onChange={(event) => set('locations', event.target.value)}
          />
        </Field>
      </div>
      <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
        <legend className="sr-only">Options</legend>
        {BOOLEAN_FIELDS.map(([key, label]) => (
          <label key={key} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={key}
              className="size-4"
              checked={values[key]}
              onChange={(event) => set(key, event.target.checked)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}
