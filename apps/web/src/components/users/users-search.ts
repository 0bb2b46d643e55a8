import {
  ROLE_VALUES,
  type RoleValue,
  USER_SORT_FIELDS,
  USER_STATUS_VALUES,
  type UserSortField,
} from '@praxis/validators';
import { z } from 'zod';
import { urlSearchTerm } from '../../lib/url-search-term';

// The users list's state lives in the URL (bookmark, share, Back). Every field falls back on its
// own (`.catch`): a hand-edited or stale link shows the list with that one setting reset, never an
// error page. Defaults are left out of the URL, so the plain list is plain `/users`.

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_SORT = { sort: 'createdAt', dir: 'desc' } as const;

const isoDate = z.iso.date();
const uniq = <T>(values: T[]) => [...new Set(values)];
const arrayOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .array(z.string())
    .transform((items) =>
      uniq(items.filter((item): item is T => (values as readonly string[]).includes(item))),
    )
    .optional()
    .catch(undefined);
const tristate = z.boolean().optional().catch(undefined);

export const usersSearchSchema = z.object({
  /** Search text (email, names, username). */
  q: urlSearchTerm,
  roles: arrayOf(ROLE_VALUES),
  status: arrayOf(USER_STATUS_VALUES),
  active: tristate,
  clinical: tristate,
  /** Email address proven (emailConfirmedAt set) or not. */
  confirmed: tristate,
  online: tristate,
  /** The archived view (archived users only). */
  archived: tristate,
  org: z.uuid().optional().catch(undefined),
  /** Created on or after / on or before (YYYY-MM-DD, inclusive). */
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  sort: z.enum(USER_SORT_FIELDS).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.number().int().min(1).max(1_000_000).optional().catch(undefined),
  size: z
    .number()
    .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
    .optional()
    .catch(undefined),
  /** Keyset position for deep pages (a previous answer's nextCursor); `page` then only labels it. */
  cursor: z.string().min(1).max(512).optional().catch(undefined),
});

export type UsersSearch = z.output<typeof usersSearchSchema>;

/** The search with defaults and empty values removed: what goes into the URL. */
export function cleanSearch(search: UsersSearch): UsersSearch {
  const out: UsersSearch = {};
  const q = search.q?.trim();
  if (q) out.q = q;
  if (search.roles?.length) out.roles = search.roles;
  if (search.status?.length) out.status = search.status;
  for (const key of ['active', 'clinical', 'confirmed', 'online'] as const) {
    if (search[key] !== undefined) out[key] = search[key];
  }
  if (search.archived) out.archived = true;
  if (search.org) out.org = search.org;
  if (search.from) out.from = search.from;
  if (search.to) out.to = search.to;
  const sort = search.sort ?? DEFAULT_SORT.sort;
  const dir = search.dir ?? defaultDir(sort);
  if (sort !== DEFAULT_SORT.sort || dir !== DEFAULT_SORT.dir) {
    out.sort = sort;
    out.dir = dir;
  }
  if (search.page && search.page > 1) out.page = search.page;
  if (search.size && search.size !== 20) out.size = search.size;
  if (search.cursor) out.cursor = search.cursor;
  return out;
}

/** A change of filters, search, sort or page size starts again at page 1 (and drops the cursor). */
export function withChange(search: UsersSearch, change: Partial<UsersSearch>): UsersSearch {
  return cleanSearch({ ...search, page: undefined, cursor: undefined, ...change });
}

/** Names and email sort A→Z first; dates newest first. */
export function defaultDir(sort: UserSortField): 'asc' | 'desc' {
  return sort === 'email' || sort === 'firstName' || sort === 'lastName' ? 'asc' : 'desc';
}

/** Clicking a column header: the other direction on the sorted column, else its natural one. */
export function toggleSort(search: UsersSearch, column: UserSortField): UsersSearch {
  const sort = search.sort ?? DEFAULT_SORT.sort;
  const dir = search.dir ?? defaultDir(sort);
  const next = sort === column ? (dir === 'asc' ? 'desc' : 'asc') : defaultDir(column);
  return withChange(search, { sort: column, dir: next });
}

/** The users.list input for a URL search (the server's defaults where the URL says nothing). */
export function toListInput(search: UsersSearch) {
  const filters: {
    roles?: RoleValue[];
    status?: (typeof USER_STATUS_VALUES)[number][];
    active?: boolean;
    clinical?: boolean;
    confirmed?: boolean;
    online?: boolean;
    archived?: boolean;
    organizationId?: string;
    createdFrom?: string;
    createdTo?: string;
  } = {};
  if (search.roles?.length) filters.roles = search.roles;
  if (search.status?.length) filters.status = search.status;
  if (search.active !== undefined) filters.active = search.active;
  if (search.clinical !== undefined) filters.clinical = search.clinical;
  if (search.confirmed !== undefined) filters.confirmed = search.confirmed;
  if (search.online !== undefined) filters.online = search.online;
  if (search.archived) filters.archived = true;
  if (search.org) filters.organizationId = search.org;
  if (search.from) filters.createdFrom = search.from;
  if (search.to) filters.createdTo = search.to;
  const sortBy = search.sort ?? DEFAULT_SORT.sort;
  return {
    pageSize: search.size ?? 20,
    ...(search.cursor ? { cursor: search.cursor } : { page: search.page ?? 1 }),
    sortBy,
    sortDir: search.dir ?? defaultDir(sortBy),
    ...(search.q?.trim() ? { search: search.q.trim() } : {}),
    filters,
  };
}

/** How many filters (not search or sort) are set, for the "Filters (3)" label. */
export function activeFilterCount(search: UsersSearch): number {
  return (
    (search.roles?.length ? 1 : 0) +
    (search.status?.length ? 1 : 0) +
    ['active', 'clinical', 'confirmed', 'online'].filter((key) => search[key as 'active'] !== undefined)
      .length +
    (search.org ? 1 : 0) +
    (search.from ? 1 : 0) +
    (search.to ? 1 : 0)
  );
}

/** Offset pages up to this row count; beyond it the list continues by keyset cursor (same cost at any depth). */
export const OFFSET_PAGING_LIMIT = 10_000;

/** The search of the next page: by number while shallow, by the answer's cursor once deep. */
export function nextPageSearch(search: UsersSearch, nextCursor: string | null): UsersSearch {
  const page = (search.page ?? 1) + 1;
  const deep = Boolean(search.cursor) || page * (search.size ?? 20) > OFFSET_PAGING_LIMIT;
  if (deep && nextCursor) return cleanSearch({ ...search, page, cursor: nextCursor });
  return cleanSearch({ ...search, page, cursor: undefined });
}

/** The CSV export of the list the URL shows: every matching user (same search, filters and sort), not one page. */
export function usersExportHref(search: UsersSearch): string {
  const { sortBy, sortDir, filters, search: text } = toListInput(search);
  const input = { sortBy, sortDir, filters, ...(text ? { search: text } : {}) };
  return `/exports/users.csv?input=${encodeURIComponent(JSON.stringify(input))}`;
}
