import { Button, buttonVariants, useToast } from '@praxis/ui';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import type { RowSelectionState } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { ArchiveViewTabs, ListHeader, LoadError } from '../../../components/list-screen';
import { BulkBar } from '../../../components/users/bulk-bar';
import { SearchBox, UsersFilters } from '../../../components/users/users-filters';
import { UsersPager } from '../../../components/users/users-pager';
import {
  cleanSearch,
  DEFAULT_SORT,
  defaultDir,
  toggleSort,
  toListInput,
  type UsersSearch,
  usersExportHref,
  usersSearchSchema,
  withChange,
} from '../../../components/users/users-search';
import { type BulkResult, UsersTable } from '../../../components/users/users-table';
import { errorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../trpc';

export const Route = createFileRoute('/_app/users/')({
  validateSearch: usersSearchSchema,
  loaderDeps: ({ search }) => search,
  // Start the request with the route's code, not after the first render (not awaited: the page
  // shows its skeleton meanwhile).
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(context.trpc.users.list.queryOptions(toListInput(deps)));
  },
  component: UsersPage,
});

function UsersPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/users/' });
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const input = toListInput(search);
  const list = useQuery({ ...trpc.users.list.queryOptions(input), placeholderData: keepPreviousData });
  const options = useQuery(trpc.users.filterOptions.queryOptions());
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [results, setResults] = useState<ReadonlyMap<string, BulkResult>>(new Map());

  const go = useCallback(
    (next: UsersSearch, replace = false) => {
      setSelection({});
      setResults(new Map());
      void navigate({ search: cleanSearch(next), replace });
    },
    [navigate],
  );
  // Typing replaces the history entry, so Back leaves the search rather than undoing letters.
  const onSearch = useCallback((q: string) => go(withChange(search, { q }), true), [go, search]);

  const bulk = useMutation(
    trpc.users.bulk.mutationOptions({
      onSuccess: (answer, variables) => {
        setResults(
          new Map(
            answer.results.map((r) => [
              r.id,
              { ok: r.ok, error: r.error?.message, action: variables.action } satisfies BulkResult,
            ]),
          ),
        );
        const failed = answer.results.filter((r) => !r.ok).length;
        toast(
          failed
            ? `${variables.action}: ${answer.results.length - failed} done, ${failed} refused`
            : `${variables.action}: ${answer.results.length} done`,
          failed ? 'destructive' : 'default',
        );
        setSelection({});
        void queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      },
      onError: (error) => toast(errorMessage(error), 'destructive'),
    }),
  );

  const sort = search.sort ?? DEFAULT_SORT.sort;
  const sorting = useMemo(
    () => [{ id: sort, desc: (search.dir ?? defaultDir(sort)) === 'desc' }],
    [sort, search.dir],
  );
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const archivedView = Boolean(search.archived);
  const data = list.data;
  const filtered =
    Boolean(search.q) || JSON.stringify(input.filters) !== (archivedView ? '{"archived":true}' : '{}');

  return (
    <div className="grid gap-4">
      <ListHeader
        title={archivedView ? 'Archived users' : 'Users'}
        views={
          <ArchiveViewTabs
            label="Users views"
            archived={archivedView}
            tab={(archived, props) => (
              <Link
                to="/users"
                search={withChange(search, { archived: archived || undefined })}
                activeOptions={{ includeSearch: false }}
                {...props}
              />
            )}
          />
        }
      />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <SearchBox value={search.q ?? ''} onSearch={onSearch} />
        {/* A plain link: the browser downloads the streamed file itself (cookie included). */}
        <a href={usersExportHref(search)} download className={buttonVariants({ variant: 'outline' })}>
          Export CSV
        </a>
      </div>
      <UsersFilters
        search={search}
        options={options.data}
        onChange={(change) => go(withChange(search, change))}
      />
      <BulkBar
        count={selectedIds.length}
        pending={bulk.isPending}
        archivedView={archivedView}
        onAction={(action) => bulk.mutate({ ids: selectedIds, action })}
        onClear={() => setSelection({})}
      />
      <LoadError title="The users could not be loaded" error={list.error} />
      <div className="rounded-md border border-border bg-background">
        <UsersTable
          users={data?.items}
          loading={list.isFetching}
          sorting={sorting}
          onSort={(column) => go(toggleSort(search, column))}
          selection={selection}
          onSelectionChange={setSelection}
          results={results}
        />
      </div>
      {data && data.items.length === 0 ? (
        <div className="grid justify-items-center gap-2 rounded-md border border-dashed border-border p-8 text-center">
          <p className="font-medium">
            {filtered ? 'No users match.' : archivedView ? 'No archived users.' : 'No users yet.'}
          </p>
          {filtered ? (
            <Button variant="outline" onClick={() => go({ archived: search.archived })}>
              Clear search and filters
            </Button>
          ) : null}
        </div>
      ) : null}
      <UsersPager
        search={search}
        info={data ? { ...data, itemCount: data.items.length } : undefined}
        onPageSize={(size) => go(withChange(search, { size }))}
      />
    </div>
  );
}
