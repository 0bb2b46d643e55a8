import {
  Alert,
  AlertDescription,
  Button,
  Input,
  Label,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
} from '@praxis/ui';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { roleLabel } from '../users/user-cells';
import { useInvalidateGroups } from './group-dialogs';

type GroupWithMembers = RouterOutputs['groups']['get'];
type Member = GroupWithMembers['members'][number];

const fullName = (user: { firstName: string | null; lastName: string | null; email: string }) =>
  [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;

const SEARCH_DEBOUNCE_MS = 250;

/** The group's members, with remove buttons and the user picker when the viewer may write. */
export function GroupMembers({ group, canWrite }: { group: GroupWithMembers; canWrite: boolean }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateGroups();
  const [error, setError] = useState<unknown>(null);
  const remove = useMutation(
    trpc.groups.removeMembers.mutationOptions({
      onSuccess: (_saved, input) => {
        setError(null);
        invalidate();
        const gone = group.members.find((m) => m.id === input.userIds[0]);
        toast(`${gone ? fullName(gone) : 'Member'} removed from ${group.name}`);
      },
      onError: setError,
    }),
  );
  return (
    <div className="grid gap-4">
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{errorMessage(error)}</AlertDescription>
        </Alert>
      ) : null}
      <div className="rounded-md border border-border bg-background">
        <Table aria-label={`Members of ${group.name}`}>
          <TableCaption className="sr-only">Members of {group.name}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Roles</TableHead>
              {canWrite ? (
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {group.members.map((member: Member) => (
              <TableRow key={member.id}>
                <TableCell className="font-medium">{fullName(member)}</TableCell>
                <TableCell>{member.email}</TableCell>
                <TableCell>{member.roles.map(roleLabel).join(', ')}</TableCell>
                {canWrite ? (
                  <TableCell className="text-right">
                    <Button
                      size="sm"
                      variant="outline"
                      aria-label={`Remove ${fullName(member)} from ${group.name}`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ id: group.id, userIds: [member.id] })}
                    >
                      Remove
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {group.members.length === 0 ? (
          <p className="p-4 text-center text-muted-foreground text-sm">No members yet.</p>
        ) : null}
      </div>
      {canWrite ? <MemberPicker group={group} /> : null}
    </div>
  );
}

/** Search the group's organisation's users (users.list with search) and add them one by one. */
function MemberPicker({ group }: { group: GroupWithMembers }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateGroups();
  const inputId = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    ...trpc.users.list.queryOptions({
      page: 1,
      pageSize: 8,
      sortBy: 'lastName',
      sortDir: 'asc',
      ...(query ? { search: query } : {}),
      filters: { organizationId: group.organizationId },
    }),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  });
  const [error, setError] = useState<unknown>(null);
  const add = useMutation(
    trpc.groups.addMembers.mutationOptions({
      onSuccess: (_saved, input) => {
        setError(null);
        invalidate();
        const user = found.data?.items.find((u) => u.id === input.userIds[0]);
        toast(`${user ? fullName(user) : 'User'} added to ${group.name}`);
      },
      onError: setError,
    }),
  );
  const members = new Set(group.members.map((m) => m.id));
  // Cleared box: no results at once (the debounced query catches up after).
  const searching = Boolean(text.trim() && query);
  const results = searching ? (found.data?.items ?? []) : [];
  const fieldErrors = fieldErrorsOf(error);
  return (
    <section
      aria-labelledby={`${inputId}-heading`}
      className="grid gap-2 rounded-md border border-border p-4"
    >
      <h3 id={`${inputId}-heading`} className="font-medium">
        Add members
      </h3>
      <div className="grid gap-1.5">
        <Label htmlFor={inputId}>Find a user</Label>
        <Input
          id={inputId}
          type="search"
          placeholder="Name or email, in this group's organisation"
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="max-w-sm"
        />
      </div>
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{fieldErrors.userIds?.join(' ') ?? errorMessage(error)}</AlertDescription>
        </Alert>
      ) : null}
      {searching ? (
        <ul aria-label="Matching users" aria-busy={found.isFetching || undefined} className="grid gap-1">
          {results.map((user) => (
            <li key={user.id} className="flex items-center gap-3 rounded-md px-2 py-1 hover:bg-muted">
              <span className="min-w-0 flex-1 truncate text-sm">
                <span className="font-medium">{fullName(user)}</span>{' '}
                <span className="text-muted-foreground">{user.email}</span>
              </span>
              {members.has(user.id) ? (
                <span className="text-muted-foreground text-sm">Member</span>
              ) : (
                <Button
                  size="sm"
                  variant="outline"
                  aria-label={`Add ${fullName(user)}`}
                  disabled={add.isPending}
                  onClick={() => add.mutate({ id: group.id, userIds: [user.id] })}
                >
                  Add
                </Button>
              )}
            </li>
          ))}
          {found.data && results.length === 0 ? (
            <li className="px-2 py-1 text-muted-foreground text-sm">No users of this organisation match.</li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}
