import {
  Alert,
  AlertDescription,
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  Input,
  Label,
  useToast,
} from '@praxis/ui';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { useUserNames } from '../dashboard/use-user-names';
import { type Patient, patientName, useInvalidatePatients } from './patient-dialogs';

/**
 * A patient's parents by name; with `canWrite`, unlink them and link others: users with the
 * `parent` role in the patient's organisation, found by name or email.
 */
export function ParentsDialog({
  patient,
  canWrite,
  onOpenChange,
}: {
  patient: Patient;
  canWrite: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidatePatients();
  // The dialog shows the patient as last fetched, so links made here show at once.
  const current = useQuery({ ...trpc.patients.get.queryOptions({ id: patient.id }), initialData: patient });
  const parentIds = current.data.parentIds;
  const names = useUserNames(parentIds);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [error, setError] = useState<unknown>(null);
  const candidates = useQuery({
    ...trpc.users.list.queryOptions({
      pageSize: 10,
      page: 1,
      sortBy: 'lastName',
      sortDir: 'asc',
      ...(query ? { search: query } : {}),
      filters: { roles: ['parent'], organizationId: patient.organizationId, archived: false },
    }),
    enabled: canWrite,
  });
  const done = (message: string) => () => {
    setError(null);
    invalidate();
    toast(message);
  };
  const link = useMutation(trpc.patients.link.mutationOptions({ onError: setError }));
  const unlink = useMutation(trpc.patients.unlink.mutationOptions({ onError: setError }));
  const name = patientName(patient);
  const labelOf = (id: string) => names.get(id)?.name ?? (names.has(id) ? 'Unknown user' : 'Loading…');
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setQuery(text.trim());
  };
  const unlinked = candidates.data?.items.filter((user) => !parentIds.includes(user.id)) ?? [];
  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Parents of {name}</DialogTitle>
          <DialogDescription>
            {canWrite
              ? 'Linked parents see this patient when they sign in. Only parents of the patient’s organisation can be linked.'
              : 'Linked parents see this patient when they sign in.'}
          </DialogDescription>
        </DialogHeader>
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>{errorMessage(error)}</AlertDescription>
          </Alert>
        ) : null}
        <section aria-labelledby="linked-parents" className="grid gap-2">
          <h3 id="linked-parents" className="font-medium text-sm">
            Linked parents
          </h3>
          {parentIds.length === 0 ? (
            <p className="text-muted-foreground text-sm">No parents linked.</p>
          ) : null}
          <ul className="grid gap-1">
            {parentIds.map((id) => (
              <li
                key={id}
                className="flex items-center justify-between gap-2 rounded-md border border-border px-3 py-2"
              >
                <span className="text-sm">
                  {labelOf(id)}
                  {names.get(id)?.email ? (
                    <span className="block text-muted-foreground text-xs">{names.get(id)?.email}</span>
                  ) : null}
                </span>
                {canWrite ? (
                  <Button
                    size="sm"
                    variant="outline"
                    aria-label={`Unlink ${labelOf(id)}`}
                    disabled={unlink.isPending}
                    onClick={() =>
                      unlink.mutate(
                        { id: patient.id, userId: id },
                        { onSuccess: done(`${labelOf(id)} unlinked from ${name}`) },
                      )
                    }
                  >
                    Unlink
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
        {canWrite ? (
          <section aria-labelledby="link-parent" className="grid gap-2">
            <h3 id="link-parent" className="font-medium text-sm">
              Link a parent
            </h3>
            <form onSubmit={onSearch} className="flex items-end gap-2">
              <div className="grid flex-1 gap-1.5">
                <Label htmlFor="parent-search">Find a parent</Label>
                <Input
                  id="parent-search"
                  type="search"
                  placeholder="Name or email"
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                />
              </div>
              <Button type="submit" variant="outline">
                Find
              </Button>
            </form>
            {candidates.error ? (
              <p className="text-destructive text-sm">{errorMessage(candidates.error)}</p>
            ) : null}
            {candidates.data && unlinked.length === 0 ? (
              <p className="text-muted-foreground text-sm">
                {query ? 'No other parent matches.' : 'No other parents in this organisation.'}
              </p>
            ) : null}
            <ul className="grid gap-1" aria-label="Parents to link">
              {unlinked.map((user) => {
                const label = `${user.firstName} ${user.lastName}`.trim() || user.email;
                return (
                  <li key={user.id} className="flex items-center justify-between gap-2 px-3 py-1">
                    <span className="text-sm">
                      {label}
                      <span className="block text-muted-foreground text-xs">{user.email}</span>
                    </span>
                    <Button
                      size="sm"
                      aria-label={`Link ${label}`}
                      disabled={link.isPending}
                      onClick={() =>
                        link.mutate(
                          { id: patient.id, userId: user.id },
                          { onSuccess: done(`${label} linked to ${name}`) },
                        )
                      }
                    >
                      Link
                    </Button>
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
