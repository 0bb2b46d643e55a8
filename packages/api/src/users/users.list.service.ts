import { isRedisUnavailable } from '@praxis/jobs';
import { scopeOf } from '@praxis/policy';
import {
  type ListPage,
  type ListUsersInput,
  ROLE_VALUES,
  USER_SORT_FIELDS,
  USER_STATUS_VALUES,
} from '@praxis/validators';
import { AppError } from '../errors';
import { type KeysetPosition, type PageWindow, pagedList } from '../list-paging';
import { unlessPresenceUnknown } from '../presence-reader';
import type { AuthedContext } from '../trpc';
import {
  isPlainTrigramSearch,
  isWholeList,
  pageRowOrganization,
  SORT_KEYS,
  searchEstimateBasis,
  selectUserPage,
  selectUserPageAndCount,
  selectWholeListPage,
  type UserListCriteria,
  type UserListOrder,
  type UserPageRow,
  usersMatching,
} from './users.list.queries';
import { toUser, type User } from './users.mapper';
import { listOrganizationsInScope } from './users.queries';
import { type IndexedScope, MAX_PAGE_END } from './users.search-index';
import { knownSearchEstimate } from './users.search-statistics';
import type { Guessed } from './users.search-sync';

type ListInput = Omit<ListUsersInput, 'filters'> & { filters: ListUsersInput['filters'] };

/** users.list: one page of the users the caller may read, filtered, searched and sorted. */
export async function listUsers(ctx: AuthedContext, input: ListInput) {
  const { sortBy, sortDir } = input;
  const criteria = await criteriaOf(ctx, input);
  const order = { sortBy, sortDir };
  // The whole list (page 1 of the users screen) carries its size estimate in the page statement.
  const whole = isWholeList(criteria);
  const read = () => readUsers(ctx, input, criteria, order, whole);
  if (!whole || input.cursor || (input.page ?? 1) !== 1) return read();
  return ctx.firstPages.read(
    { order, pageSize: input.pageSize },
    { load: read, withPresence: (page) => withPresenceNow(ctx, page) },
  );
}

function readUsers(
  ctx: AuthedContext,
  input: ListInput,
  criteria: UserListCriteria,
  order: UserListOrder,
  whole: boolean,
) {
  const { sortBy, sortDir } = order;
  // The queries Postgres counts with are built only when a count goes there: a search page from
  // the index in memory, or a whole list's page carrying its estimate, uses none of them.
  let matching: ReturnType<typeof usersMatching> | undefined;
  let preparedMatching: ReturnType<typeof usersMatching> | undefined;
  let presenceAhead: PresenceAhead | undefined;
  return pagedList(`users:${sortBy}:${sortDir}`, SORT_KEYS[sortBy].type).read(ctx.db, input, {
    page: (window) =>
      whole
        ? selectWholeListPage(ctx.db, criteria, order, window)
        : selectUserPage(ctx.db, criteria, order, window),
    ...(whole && {
      estimateFromPage: (rows: Awaited<ReturnType<typeof selectWholeListPage>>) =>
        rows[0]?.estimate ?? undefined,
    }),
    pageAndCount: (window) => selectUserPageAndCount(ctx.db, criteria, order, window),
    get estimateBasis() {
      return searchEstimateBasis(ctx.db, criteria.search);
    },
    ...(criteria.search && { knownEstimate: () => knownSearchEstimate(ctx.db, criteria) }),
    get preparedMatching() {
      if (!isPlainTrigramSearch(criteria)) return undefined;
      preparedMatching ??= usersMatching(ctx.db, criteria, { prepared: true });
      return preparedMatching;
    },
    get matching() {
      matching ??= usersMatching(ctx.db, criteria);
      return matching;
    },
    ...(criteria.search && {
      exactCount: () => countFromMemory(ctx, criteria),
      indexedPage: (window: PageWindow) =>
        pageFromMemory(ctx, criteria, order, window, (ids) => {
          presenceAhead = readPresenceAhead(ctx, ids);
        }),
    }),
    sortValue: (row) => row.sortKey,
    toItems: (rows) => usersOfRows(ctx, rows, { patients: true }, presenceAhead),
  });
}

/**
 * Every user users.list would show for `input` (same scope, filters, search and order), in
 * batches of `batchSize` read by keyset: one batch in memory at a time, at the same cost at any
 * depth. For streamed exports; stop iterating to stop reading.
 */
export async function* userBatches(
  ctx: AuthedContext,
  input: Pick<ListInput, 'sortBy' | 'sortDir' | 'search' | 'filters'>,
  batchSize = 1000,
) {
  const { sortBy, sortDir } = input;
  const criteria = await criteriaOf(ctx, input);
  let after: KeysetPosition | undefined;
  for (;;) {
    const rows = await selectUserPage(ctx.db, criteria, { sortBy, sortDir }, { limit: batchSize, after });
    // The export has no patients column: the rows' patients are left out of the User shapes.
    if (rows.length) yield await usersOfRows(ctx, rows, { patients: false });
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { value: last.sortKey, id: last.id };
  }
}

/**
 * The exact count of a search from this process's index, when the criteria are the search within
 * the caller's scope with at most the organisation, archived, roles and status filters: other
 * filters are counted by Postgres.
 */
function countFromMemory(ctx: AuthedContext, criteria: UserListCriteria) {
  const scope = indexedScopeOf(criteria);
  if (!scope || !criteria.search) return undefined;
  return ctx.userSearch.match(criteria.search, scope)?.then((found) => found?.total);
}

/**
 * The page of such a search by creation or by last activity from the same index, with its rows
 * read by id: for pages by offset that end within the first MAX_PAGE_END matches. `guessed` is
 * told the page's likely ids before its rows are read.
 */
function pageFromMemory(
  ctx: AuthedContext,
  criteria: UserListCriteria,
  order: UserListOrder,
  window: PageWindow,
  guessed: Guessed,
) {
  const scope = indexedScopeOf(criteria);
  const sortBy = order.sortBy;
  if (!scope || !criteria.search || window.after) return undefined;
  if (sortBy !== 'createdAt' && sortBy !== 'lastActivity') return undefined;
  const offset = window.offset ?? 0;
  if (offset + window.limit > MAX_PAGE_END) return undefined;
  const found = ctx.userSearch.match(
    criteria.search,
    scope,
    {
      offset,
      limit: window.limit,
      descending: order.sortDir === 'desc',
      sortBy,
    },
    guessed,
  );
  return found?.then((match) => (match?.rows ? { total: match.total, rows: match.rows } : undefined));
}

/** The users a search covers, as the index knows them; undefined for criteria it cannot answer. */
function indexedScopeOf({ scope, filters, now }: UserListCriteria): IndexedScope | undefined {
  const { archived, organizationId, roles, status, ...others } = filters;
  if (Object.values(others).some((value) => value !== undefined)) return undefined;
  let organizationIds = scope.all ? null : scope.organizationIds;
  if (organizationId) {
    organizationIds = !organizationIds || organizationIds.includes(organizationId) ? [organizationId] : [];
  }
  return {
    archived: Boolean(archived),
    organizationIds,
    roles,
    statuses: status,
    ...(now && { now: now.getTime() }),
  };
}

async function criteriaOf(
  ctx: AuthedContext,
  input: Pick<ListInput, 'search' | 'filters'>,
): Promise<UserListCriteria> {
  const criteria: UserListCriteria = {
    scope: scopeOf(ctx.actor, 'users.read'),
    search: input.search || undefined,
    filters: input.filters,
  };
  if (input.filters.online !== undefined) criteria.onlineIds = await allOnlineForFilter(ctx);
  return criteria;
}

/**
 * The User shapes of listed rows, with presence read once for all of them, and the patients that
 * came with each row (or none, where the caller shows none).
 */
async function usersOfRows(
  ctx: AuthedContext,
  rows: UserPageRow[],
  load = { patients: true },
  ahead?: PresenceAhead,
) {
  // The page's patients came with its rows (a column of the page statement).
  const ids = rows.map((row) => row.id);
  const isOnline = await (ahead && ids.every((id) => ahead.ids.has(id))
    ? ahead.online
    : presenceOf(ctx, ids));
  // toUser reads the fields it needs by name: passing the row as it is avoids copying ~50
  // properties per row (an object rest over a pg row cost ~25 µs a row).
  return rows.map((row) =>
    toUser(
      row,
      pageRowOrganization(row),
      { isOnline: isOnline(row.id), lastActivity: row.lastActivity },
      undefined,
      load.patients ? row.patients : undefined,
    ),
  );
}

/** A kept page of users with each one's presence as it is now. */
async function withPresenceNow(ctx: AuthedContext, page: ListPage<User>): Promise<ListPage<User>> {
  const isOnline = await presenceOf(
    ctx,
    page.items.map((user) => user.id),
  );
  return { ...page, items: page.items.map((user) => ({ ...user, isOnline: isOnline(user.id) })) };
}

/** Whether each of `ids` is online, read once for all of them; null for each when Redis cannot tell. */
async function presenceOf(
  ctx: AuthedContext,
  ids: readonly string[],
): Promise<(id: string) => boolean | null> {
  const online = await unlessPresenceUnknown(ctx.presence.onlineAmong(ids), ctx.logger);
  return (id) => (online ? online.has(id) : null);
}

/** Presence read for a page's likely ids while its rows are read. */
type PresenceAhead = { ids: ReadonlySet<string>; online: ReturnType<typeof presenceOf> };

/**
 * Presence of a search page's ids as the index guessed them, read alongside the read of its rows
 * (a round trip to Redis less on the way): used when the page shown is among them.
 */
function readPresenceAhead(ctx: AuthedContext, ids: readonly string[]): PresenceAhead {
  const online = presenceOf(ctx, ids);
  // Awaited only when used; a page read again with other users reads presence anew.
  online.catch(() => {});
  return { ids: new Set(ids), online };
}

/** `filters.online` cannot be answered without presence: 503 rather than a list that would be wrong. */
async function allOnlineForFilter(ctx: AuthedContext): Promise<string[]> {
  try {
    return await ctx.presence.allOnline();
  } catch (error) {
    if (!isRedisUnavailable(error)) throw error;
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'Who is online cannot be read right now (Redis is unreachable). Try again shortly, or list without the online filter.',
      { cause: error },
    );
  }
}

const DEFAULT_ORDER = { sortBy: 'createdAt', sortDir: 'desc' } as const;

/** users.active: active, unarchived users. */
export function listActiveUsers(
  ctx: AuthedContext,
  input: { page?: number | undefined; pageSize: number; cursor?: string | undefined },
) {
  return listUsers(ctx, { ...input, ...DEFAULT_ORDER, filters: { active: true } });
}

/** users.archived: archived users. */
export function listArchivedUsers(
  ctx: AuthedContext,
  input: { page?: number | undefined; pageSize: number; cursor?: string | undefined },
) {
  return listUsers(ctx, { ...input, ...DEFAULT_ORDER, filters: { archived: true } });
}

/** users.filterOptions: the values the caller can filter by, and the organisations they may read. */
export async function filterOptions(ctx: AuthedContext) {
  return {
    roles: [...ROLE_VALUES],
    statuses: [...USER_STATUS_VALUES],
    organizations: await listOrganizationsInScope(ctx.db, scopeOf(ctx.actor, 'users.read')),
    sortFields: [...USER_SORT_FIELDS],
  };
}
