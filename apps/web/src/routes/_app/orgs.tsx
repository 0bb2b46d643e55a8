import { can } from '@praxis/policy';
import {
  Badge,
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
import { ListPager } from '../../components/list-pager';
import {
  ArchiveViewTabs,
  EmptyList,
  FilterSelect,
  ListHeader,
  LoadError,
  SearchForm,
} from '../../components/list-screen';
import { type Lifecycle, LifecycleDialog, type Org, OrgFormDialog } from '../../components/orgs/org-dialogs';
import { type OrgsSearch, orgsSearchSchema, toOrgsListInput } from '../../components/orgs/orgs-search';
import { RelativeTime } from '../../components/relative-time';
import { useMe } from '../../lib/session';
import { useTRPC } from '../../trpc';

export const Route = createFileRoute('/_app/orgs')({
  validateSearch: orgsSearchSchema,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(context.trpc.orgs.list.queryOptions(toOrgsListInput(deps)));
  },
  component: OrgsPage,
});

const STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
] as const;

const clean = (search: OrgsSearch): OrgsSearch => ({
  ...(search.q?.trim() ? { q: search.q.trim() } : {}),
  ...(search.status ? { status: search.status } : {}),
  ...(search.archived ? { archived: true } : {}),
  ...(search.page && search.page > 1 ? { page: search.page } : {}),
});

function OrgsPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/orgs' });
  const trpc = useTRPC();
  const { data: me } = useMe();
  const list = useQuery({
    ...trpc.orgs.list.queryOptions(toOrgsListInput(search)),
    placeholderData: keepPreviousData,
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Org | null>(null);
  const [confirming, setConfirming] = useState<{ org: Org; action: Lifecycle } | null>(null);

  if (!me) return null;
  const canCreate = can(me, 'orgs.create');
  const canSetActive = can(me, 'orgs.setActive');
  const canArchive = can(me, 'orgs.archive');
  const canSetTherapist = can(me, 'orgs.setTherapist');
  const archivedView = Boolean(search.archived);
  // A new search or filter starts again at page 1.
  const go = (change: Partial<OrgsSearch>, replace = false) =>
    void navigate({ search: clean({ ...search, page: undefined, ...change }), replace });
  const items = list.data?.items;

  return (
    <div className="grid gap-4">
      <ListHeader
        title={archivedView ? 'Archived organisations' : 'Organisations'}
        views={
          <ArchiveViewTabs
            label="Organisation views"
            archived={archivedView}
            tab={(archived, props) => (
              <Link
                to="/orgs"
                search={clean({ ...search, archived: archived || undefined, page: undefined })}
                activeOptions={{ includeSearch: false }}
                {...props}
              />
            )}
          />
        }
        action={canCreate ? { label: 'New organisation', onClick: () => setCreating(true) } : null}
      />
      <div className="flex flex-wrap items-end gap-4">
        <SearchForm
          id="orgs-search"
          placeholder="Organisation name"
          value={search.q ?? ''}
          onSearch={(q) => go({ q }, true)}
        />
        <FilterSelect
          id="orgs-status"
          label="Status"
          value={search.status}
          options={STATUS_OPTIONS}
          onChange={(status) => go({ status })}
        />
      </div>
      <LoadError title="The organisations could not be loaded" error={list.error} />
      <div className="rounded-md border border-border bg-background">
        <Table aria-label="Organisations" aria-busy={list.isFetching || undefined}>
          <TableCaption className="sr-only">Organisations</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Members</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Updated</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items?.map((org) => (
              <TableRow key={org.id}>
                <TableCell className="font-medium">{org.name}</TableCell>
                <TableCell>
                  <Badge variant={org.status === 'active' ? 'default' : 'secondary'}>
                    {org.archivedAt ? 'Archived · ' : ''}
                    {org.status === 'active' ? 'Active' : 'Inactive'}
                  </Badge>
                </TableCell>
                <TableCell>
                  <Link
                    to="/users"
                    search={{ org: org.id }}
                    className="underline underline-offset-4"
                    aria-label={`${org.memberCount} members of ${org.name}`}
                  >
                    {org.memberCount}
                  </Link>
                </TableCell>
                <TableCell>
                  <RelativeTime date={org.createdAt} />
                </TableCell>
                <TableCell>
                  <RelativeTime date={org.updatedAt} />
                </TableCell>
                <TableCell>
                  <div className="flex flex-wrap justify-end gap-2">
                    {can(me, 'orgs.update', { organizationId: org.id }) ? (
                      <Button
                        size="sm"
                        variant="outline"
                        onClick={() => setEditing(org)}
                        aria-label={`Edit ${org.name}`}
                      >
                        Edit
                      </Button>
                    ) : null}
                    {canSetActive && !org.archivedAt ? (
                      <Button
                        size="sm"
                        variant="outline"
                        aria-label={`${org.status === 'active' ? 'Deactivate' : 'Activate'} ${org.name}`}
                        onClick={() =>
                          setConfirming({ org, action: org.status === 'active' ? 'deactivate' : 'activate' })
                        }
                      >
                        {org.status === 'active' ? 'Deactivate' : 'Activate'}
                      </Button>
                    ) : null}
                    {canArchive ? (
                      <Button
                        size="sm"
                        variant="outline"
                        aria-label={`${org.archivedAt ? 'Unarchive' : 'Archive'} ${org.name}`}
                        onClick={() =>
                          setConfirming({ org, action: org.archivedAt ? 'unarchive' : 'archive' })
                        }
                      >
                        {org.archivedAt ? 'Unarchive' : 'Archive'}
                      </Button>
                    ) : null}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {items && items.length === 0 ? (
        <EmptyList>
          {search.q || search.status
            ? 'No organisations match.'
            : archivedView
              ? 'No archived organisations.'
              : 'No organisations yet.'}
        </EmptyList>
      ) : null}
      {list.data && list.data.total > 0 ? (
        <ListPager
          label="Organisation pages"
          noun="organisations"
          info={{ ...list.data, itemCount: list.data.items.length }}
          onPage={(page) => go({ page })}
        />
      ) : null}
      {creating ? <OrgFormDialog open canSetTherapist={false} onOpenChange={setCreating} /> : null}
      {editing ? (
        <OrgFormDialog
          open
          org={editing}
          canSetTherapist={canSetTherapist}
          onOpenChange={(open) => !open && setEditing(null)}
        />
      ) : null}
      {confirming ? (
        <LifecycleDialog
          org={confirming.org}
          action={confirming.action}
          onOpenChange={(open) => !open && setConfirming(null)}
        />
      ) : null}
    </div>
  );
}
