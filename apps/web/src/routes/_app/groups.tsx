import { can } from '@praxis/policy';
import {
  Button,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@praxis/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { DeleteGroupDialog, type Group, GroupFormDialog } from '../../components/groups/group-dialogs';
import { GroupMembers } from '../../components/groups/group-members';
import {
  cleanGroupsSearch,
  type GroupsSearch,
  groupsSearchSchema,
  toGroupsListInput,
} from '../../components/groups/groups-search';
import { FilterSelect, ListHeader, LoadError } from '../../components/list-screen';
import { useMe } from '../../lib/session';
import { useTRPC } from '../../trpc';

export const Route = createFileRoute('/_app/groups')({
  validateSearch: groupsSearchSchema,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(context.trpc.groups.list.queryOptions(toGroupsListInput(deps)));
  },
  component: GroupsPage,
});

function GroupsPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/groups' });
  const trpc = useTRPC();
  const { data: me } = useMe();
  const list = useQuery({
    ...trpc.groups.list.queryOptions(toGroupsListInput(search)),
    placeholderData: keepPreviousData,
  });
  const options = useQuery(trpc.users.filterOptions.queryOptions());
  const selected = useQuery({
    ...trpc.groups.get.queryOptions({ id: search.group ?? '' }),
    enabled: Boolean(search.group),
  });
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Group | null>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);

  if (!me) return null;
  const organizations = options.data?.organizations ?? [];
  // Admins and support read every organisation's groups: listed by organisation.
  const acrossOrgs = can(me, 'groups.read', { organizationId: null });
  const orgName = (id: string) => organizations.find((o) => o.id === id)?.name ?? 'Unknown organisation';
  const canCreate = can(me, 'groups.write');
  const go = (change: Partial<GroupsSearch>) =>
    void navigate({ search: cleanGroupsSearch({ ...search, ...change }) });
  const items = list.data?.items;
  const group = search.group ? selected.data : undefined;
  const groupWritable = group ? can(me, 'groups.write', group) : false;

  return (
    <div className="grid gap-4">
      <ListHeader
        title="Groups"
        action={canCreate ? { label: 'New group', onClick: () => setCreating(true) } : null}
      />
      {acrossOrgs ? (
        <FilterSelect
          id="groups-org"
          label="Organisation"
          className="w-fit"
          value={search.org}
          options={organizations.map((o) => ({ value: o.id, label: o.name }))}
          onChange={(org) => go({ org, group: undefined })}
        />
      ) : null}
      <LoadError title="The groups could not be loaded" error={list.error} />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="grid gap-2">
          <div className="rounded-md border border-border bg-background">
            <Table aria-label="Groups" aria-busy={list.isFetching || undefined}>
              <TableCaption className="sr-only">Groups, by name</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  {acrossOrgs ? <TableHead>Organisation</TableHead> : null}
                  <TableHead className="text-right">Members</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items?.map((item) => (
                  <TableRow key={item.id} className={item.id === search.group ? 'bg-muted' : undefined}>
                    <TableCell className="font-medium">
                      <Link
                        to="/groups"
                        search={cleanGroupsSearch({ ...search, group: item.id })}
                        className="underline underline-offset-4"
                        aria-current={item.id === search.group ? 'true' : undefined}
                      >
                        {item.name}
                      </Link>
                    </TableCell>
                    {acrossOrgs ? <TableCell>{orgName(item.organizationId)}</TableCell> : null}
                    <TableCell className="text-right">{item.memberCount}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {items && items.length === 0 ? (
              <p className="p-8 text-center font-medium">
                {search.org ? 'This organisation has no groups yet.' : 'No groups yet.'}
              </p>
            ) : null}
          </div>
          {list.data && list.data.total > list.data.items.length ? (
            <p className="text-muted-foreground text-sm">
              Showing the first {list.data.items.length} of {list.data.total} by name
              {acrossOrgs ? ': choose an organisation to narrow the list.' : '.'}
            </p>
          ) : null}
        </div>
        <section aria-label="Group details" className="grid gap-4">
          {!search.group ? (
            <p className="rounded-md border border-dashed border-border p-8 text-center text-muted-foreground">
              Choose a group to see its members.
            </p>
          ) : selected.error ? (
            <LoadError title="The group could not be loaded" error={selected.error} />
          ) : group ? (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="font-semibold text-xl">{group.name}</h2>
                <span className="text-muted-foreground text-sm">
                  {acrossOrgs ? `${orgName(group.organizationId)} · ` : ''}
                  {group.memberCount} member{group.memberCount === 1 ? '' : 's'}
                </span>
                {groupWritable ? (
                  <div className="ml-auto flex gap-2">
                    <Button size="sm" variant="outline" onClick={() => setRenaming(group)}>
                      Rename
                    </Button>
                    <Button size="sm" variant="outline" onClick={() => setDeleting(group)}>
                      Delete
                    </Button>
                  </div>
                ) : null}
              </div>
              <GroupMembers group={group} canWrite={groupWritable} />
            </>
          ) : (
            <p className="text-muted-foreground">Loading…</p>
          )}
        </section>
      </div>
      {creating ? (
        <GroupFormDialog
          organizations={acrossOrgs ? organizations : []}
          defaultOrg={search.org}
          onOpenChange={setCreating}
          onCreated={(id) => go({ group: id })}
        />
      ) : null}
      {renaming ? (
        <GroupFormDialog
          group={renaming}
          organizations={[]}
          onOpenChange={(open) => !open && setRenaming(null)}
        />
      ) : null}
      {deleting ? (
        <DeleteGroupDialog
          group={deleting}
          onOpenChange={(open) => !open && setDeleting(null)}
          onDeleted={() => go({ group: undefined })}
        />
      ) : null}
    </div>
  );
}
