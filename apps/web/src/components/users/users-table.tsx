import { Skeleton, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@praxis/ui';
import { Link, useNavigate } from '@tanstack/react-router';
import {
  createColumnHelper,
  type RowSelectionState,
  rowSelectionFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import type { Dispatch, MouseEvent, SetStateAction } from 'react';
import type { RouterOutputs } from '../../trpc';
import { OnlineState, RelativeTime, roleLabel, StatusBadge } from './user-cells';

export type ListedUser = RouterOutputs['users']['list']['items'][number];
export type BulkResult = { ok: boolean; error?: string | undefined; action: string };

// Sorting and paging happen on the server (manualSorting): the table owns markup state only.
const features = tableFeatures({ rowSortingFeature, rowSelectionFeature });
const column = createColumnHelper<typeof features, ListedUser>();
const noUsers: ListedUser[] = [];

const columns = column.columns([
  column.display({
    id: 'select',
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all users on this page"
        className="size-4"
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomePageRowsSelected();
        }}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select ${row.original.email}`}
        className="size-4"
        checked={row.getIsSelected()}
        onChange={(event) => row.toggleSelected(event.target.checked)}
      />
    ),
  }),
  column.accessor('lastName', {
    header: 'Name',
    cell: ({ row }) => {
      const user = row.original;
      const name = `${user.firstName} ${user.lastName}`.trim() || user.email;
      return (
        <Link
          to="/users/$id"
          params={{ id: user.id }}
          className="whitespace-nowrap font-medium hover:underline"
        >
          {name}
        </Link>
      );
    },
  }),
  column.accessor('email', { header: 'Email' }),
  column.accessor('roles', {
    header: 'Roles',
    enableSorting: false,
    cell: ({ getValue }) => getValue().map(roleLabel).join(', '),
  }),
  column.accessor('status', {
    header: 'Status',
    enableSorting: false,
    cell: ({ row }) => (
      <StatusBadge status={row.original.status} archived={row.original.archivedAt !== null} />
    ),
  }),
  column.accessor('organization', {
    header: 'Organisation',
    enableSorting: false,
    cell: ({ getValue }) => getValue()?.name ?? '—',
  }),
  column.accessor('isOnline', {
    header: 'Online',
    enableSorting: false,
    cell: ({ row }) => (
      <OnlineState
        userId={row.original.id}
        isOnline={row.original.isOnline}
        lastActivity={row.original.lastActivity}
      />
    ),
  }),
  column.accessor('lastActivity', {
    header: 'Last activity',
    cell: ({ getValue }) => (
      <span className="whitespace-nowrap">
        <RelativeTime date={getValue()} fallback="never" />
      </span>
    ),
  }),
  column.accessor('createdAt', {
    header: 'Created',
    cell: ({ getValue }) => (
      <span className="whitespace-nowrap">
        <RelativeTime date={getValue()} />
      </span>
    ),
  }),
]);

/** Columns whose header sorts, mapped to users.list's sortBy. */
const SORTABLE: Record<string, 'lastName' | 'email' | 'lastActivity' | 'createdAt'> = {
  lastName: 'lastName',
  email: 'email',
  lastActivity: 'lastActivity',
  createdAt: 'createdAt',
};

export function UsersTable({
  users,
  loading,
  sorting,
  onSort,
  selection,
  onSelectionChange,
  results,
}: {
  users: ListedUser[] | undefined;
  loading: boolean;
  sorting: SortingState;
  onSort: (sortBy: 'lastName' | 'email' | 'lastActivity' | 'createdAt') => void;
  selection: RowSelectionState;
  onSelectionChange: Dispatch<SetStateAction<RowSelectionState>>;
  results: ReadonlyMap<string, BulkResult>;
}) {
  const navigate = useNavigate();
  const table = useTable({
    features,
    columns,
    data: users ?? noUsers,
    getRowId: (user) => user.id,
    manualSorting: true,
    state: { sorting, rowSelection: selection },
    onRowSelectionChange: onSelectionChange,
    enableRowSelection: true,
  });
  const withResults = results.size > 0;

  // A click anywhere on a row opens the user, except on its own controls (checkbox, link).
  const openRow = (event: MouseEvent<HTMLTableRowElement>, id: string) => {
    if ((event.target as HTMLElement).closest('a, button, input, label')) return;
    void navigate({ to: '/users/$id', params: { id } });
  };

  return (
    <Table aria-busy={loading} aria-label="Users">
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => {
              const sortBy = SORTABLE[header.column.id];
              const sorted = header.column.getIsSorted();
              return (
                <TableHead
                  key={header.id}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  className={header.column.id === 'select' ? 'w-10' : undefined}
                >
                  {sortBy ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 whitespace-nowrap rounded hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
                      onClick={() => onSort(sortBy)}
                    >
                      <table.FlexRender header={header} />
                      <span aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                    </button>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </TableHead>
              );
            })}
            {withResults ? <TableHead>Result</TableHead> : null}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {loading && !users
          ? Array.from({ length: 8 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <TableRow key={i}>
                {columns.map((col) => (
                  <TableCell key={String(col.id ?? ('accessorKey' in col ? col.accessorKey : ''))}>
                    <Skeleton className="h-4 w-full" />
                  </TableCell>
                ))}
              </TableRow>
            ))
          : table.getRowModel().rows.map((row) => {
              const result = results.get(row.id);
              return (
                <TableRow
                  key={row.id}
                  data-state={row.getIsSelected() ? 'selected' : undefined}
                  className="cursor-pointer"
                  onClick={(event) => openRow(event, row.id)}
                >
                  {row.getAllCells().map((cell) => (
                    <TableCell key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ))}
                  {withResults ? (
                    <TableCell>
                      {result ? (
                        result.ok ? (
                          <span className="text-green-800">{result.action}: done</span>
                        ) : (
                          <span className="text-destructive">
                            {result.action}: {result.error ?? 'refused'}
                          </span>
                        )
                      ) : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
      </TableBody>
    </Table>
  );
}
