import {
  askedList,
  type Database,
  type Executor,
  effectivelyActiveSql,
  executePrepared,
  hasStatusSql,
  namedPreparedStatement,
  perTurn,
  plannerRowCount,
  textArray,
  type UserPatient,
} from '@praxis/db';
import { EXACT_TOTAL_LIMIT, type UserFilters, type UserSortField } from '@praxis/validators';
import { type RawBuilder, sql } from 'kysely';
import {
  escapeLike,
  type ListSource,
  type OrganizationScope,
  type PageWindow,
  upperBound,
} from '../list-paging';
import { USER_SHAPE_COLUMNS } from './users.mapper';

const fromUsers = (db: Executor) => db.selectFrom('users');
type UsersQuery = ReturnType<typeof fromUsers>;

// A page's users: the columns their User shape is built from.
const USER_SHAPE_SELECTION = USER_SHAPE_COLUMNS.map((column) => `users.${column}` as const);

/**
 * The narrow projection `user_search` (migration `2026_12_01_0500`), under the alias `users`:
 * every column the criteria and sort keys name has the same name there, so the same conditions
 * run on it. Lists find and count ids here and read the wide rows only for the page shown.
 */
const fromUserSearch = (db: Executor) => db.selectFrom('userSearch as users') as unknown as UsersQuery;

export interface UserListCriteria {
  scope: OrganizationScope;
  search?: string | undefined;
  filters: UserFilters;
  /** Ids online now, resolved from presence when `filters.online` is set. */
  onlineIds?: readonly string[];
  now?: Date;
}

export interface UserListOrder {
  sortBy: UserSortField;
  sortDir: 'asc' | 'desc';
}

// Each sort key as the migration indexes it (`2026_11_23_0100_user_list_indexes`); never-seen
// activity is '-infinity', so it is the oldest in both directions.
export const SORT_KEYS: Record<
  UserSortField,
  { expression: RawBuilder<unknown>; type: 'timestamptz' | 'text' }
> = {
  createdAt: { expression: sql`users.created_at`, type: 'timestamptz' },
  email: { expression: sql`users.email`, type: 'text' },
  firstName: { expression: sql`users.first_name`, type: 'text' },
  lastName: { expression: sql`users.last_name`, type: 'text' },
  lastActivity: {
    expression: sql`coalesce(users.last_activity, '-infinity'::timestamptz)`,
    type: 'timestamptz',
  },
  lastLoginAt: {
    expression: sql`coalesce(users.last_login_at, '-infinity'::timestamptz)`,
    type: 'timestamptz',
  },
};

/** Every filter of users.list, combined with AND, inside the caller's scope; archived users only when asked. */
export function applyUserCriteria(
  query: UsersQuery,
  criteria: UserListCriteria,
  { prepared = false } = {},
): UsersQuery {
  const { scope, search, filters } = criteria;
  const now = criteria.now ?? new Date();
  let q = query;
  if (!scope.all) {
    q = scope.organizationIds.length
      ? q.where('users.organizationId', 'in', scope.organizationIds)
      : q.where(sql<boolean>`false`);
  }
  q = filters.archived
    ? q.where('users.archivedAt', 'is not', null)
    : q.where('users.archivedAt', 'is', null);
  if (search) {
    const pattern = `%${escapeLike(search.replace(/\s+/g, ' '))}%`;
    // A plan made once sees no values: there the lowered term is an InitPlan, lowered once per
    // execution (`lower($1)` would be lowered again for every row the index hands over).
    const term = prepared ? sql`(select lower(${pattern}))` : sql`lower(${pattern})`;
    q = q.where(sql<boolean>`users.search_text like ${term}`);
  }
  if (filters.active !== undefined) {
    // The User shape's `isActive`; the rule is two-valued, so `not` is exactly the complement.
    q = q.where((eb) =>
      filters.active ? effectivelyActiveSql(eb, now) : eb.not(effectivelyActiveSql(eb, now)),
    );
  }
  if (filters.status?.length) {
    const statuses = filters.status;
    q = q.where((eb) => eb.or(statuses.map((status) => hasStatusSql(eb, status, now))));
  }
  if (filters.roles?.length) q = q.where('users.roles', '&&', textArray(filters.roles));
  if (filters.clinical !== undefined) q = q.where('users.clinical', '=', filters.clinical);
  if (filters.confirmed !== undefined) {
    q = q.where('users.emailConfirmedAt', filters.confirmed ? 'is not' : 'is', null);
  }
  if (filters.organizationId) q = q.where('users.organizationId', '=', filters.organizationId);
  if (filters.online !== undefined) {
    const online = sql<boolean>`users.id = any(${sql.val(criteria.onlineIds ?? [])}::uuid[])`;
    q = q.where(filters.online ? online : sql<boolean>`not (${online})`);
  }
  if (filters.patientName) {
    // From the matching patients (trigram index) to their parents (the link table's primary key):
    // a semi-join that never scans users sequentially. Archived patients do not match.
    const pattern = `%${escapeLike(filters.patientName.replace(/\s+/g, ' '))}%`;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('patientParents')
          .innerJoin('patients', 'patients.id', 'patientParents.patientId')
          .select('patientParents.userId')
          .whereRef('patientParents.userId', '=', 'users.id')
          .where('patients.archivedAt', 'is', null)
          .where(sql<boolean>`patients.name_search like lower(${pattern})`),
      ),
    );
  }
  if (filters.createdFrom) q = q.where('users.createdAt', '>=', filters.createdFrom.at);
  if (filters.createdTo) {
    const { op, value } = upperBound(filters.createdTo);
    q = q.where('users.createdAt', op, value);
  }
  return q;
}

/**
 * What users.list's estimate rests on (see `ListSource.estimateBasis`): the substring search
 * alone over the projection, and the projection whole; null without a search.
 */
export function searchEstimateBasis(db: Executor, search: string | undefined) {
  if (!search) return null;
  const pattern = `%${escapeLike(search.replace(/\s+/g, ' '))}%`;
  return {
    search: fromUserSearch(db).where(sql<boolean>`users.search_text like lower(${pattern})`),
    all: fromUserSearch(db),
  } as unknown as NonNullable<ListSource<{ id: string }, unknown, keyof Database, unknown>['estimateBasis']>;
}

/**
 * The users `criteria` match, on the narrow projection (no selection, no order); `prepared`:
 * written for a statement planned once (see `isPlainTrigramSearch`).
 */
export function usersMatching(
  db: Executor,
  criteria: UserListCriteria,
  options = { prepared: false },
): UsersQuery {
  return applyUserCriteria(fromUserSearch(db), criteria, options);
}

/**
 * One page of users with their organisation's name, in the list order, `limit` rows from
 * `offset` or after the keyset position `after` (the same index range at any depth). The page's
 * ids are found first and only those rows are joined and read whole (a deferred join), so a deep
 * offset skips over index entries, not over joined rows.
 */
export function selectUserPage(
  db: Executor,
  criteria: UserListCriteria,
  order: UserListOrder,
  window: PageWindow,
) {
  const page = selectPage(db, criteria, order, window);
  // The whole list's plan is the same for any window (its sort's index): planned once.
  return isWholeList(criteria) ? executePrepared(db, page) : page.execute();
}

/**
 * Whether `criteria` is the whole unarchived list of every organisation (no search, no filter):
 * its size is the entry count of the partial index `user_search_list_created_idx`.
 */
export function isWholeList(criteria: UserListCriteria): boolean {
  return (
    criteria.scope.all &&
    !criteria.search &&
    Object.values(criteria.filters).every((value) => value === undefined || value === false) &&
    criteria.filters.active === undefined &&
    criteria.filters.clinical === undefined &&
    criteria.filters.confirmed === undefined &&
    criteria.filters.online === undefined
  );
}

/** Whether `criteria` is a substring search of the whole unarchived list and nothing else. */
export function isWholeListSearch(criteria: UserListCriteria): boolean {
  return Boolean(criteria.search) && isWholeList({ ...criteria, search: undefined });
}

/**
 * Whether `criteria` is a substring search of the whole unarchived list, for a term holding a
 * trigram (three letters or digits in a row), filtered at most by what no other index serves:
 * the matches then always come from the trigram index (roles are in it too), whatever the values,
 * so the statements that collect or count all of them have one best plan (see
 * `executePrepared`). A shorter term has no trigram and wants a table scan; a scope, an
 * organisation, dates, presence or patients may want another index.
 */
export function isPlainTrigramSearch(criteria: UserListCriteria): boolean {
  return (
    criteria.scope.all &&
    Boolean(criteria.search && HAS_TRIGRAM.test(criteria.search)) &&
    Object.entries(criteria.filters).every(
      ([name, value]) => value === undefined || value === false || FILTERS_BESIDE_TRIGRAMS.has(name),
    )
  );
}

const FILTERS_BESIDE_TRIGRAMS = new Set<string>([
  'active',
  'roles',
  'status',
  'clinical',
  'confirmed',
] satisfies (keyof UserFilters)[]);
const HAS_TRIGRAM = /[a-z0-9]{3}/i;

/**
 * The page of the whole unarchived list with the number of its rows as the statistics know it
 * (the partial index's entries at the last vacuum or analyze, scaled to its size now, as the
 * planner scales them): the estimate comes in the page's statement, without a separate EXPLAIN
 * round trip. `estimate` is null on an empty page or before the first analyze.
 * Only the offset or the cursor's position vary between calls of one shape (sort, direction, page
 * size, kind of window), so each shape is built and compiled once (see `wholeListPageStatement`).
 */
export function selectWholeListPage(
  db: Executor,
  criteria: UserListCriteria,
  order: UserListOrder,
  window: PageWindow,
) {
  const statement = wholeListPageStatement(criteria, order, window);
  const values = { offset: window.offset, afterValue: window.after?.value, afterId: window.after?.id };
  return statement ? statement(db, values) : executePrepared(db, wholeListPage(db, criteria, order, window));
}

function wholeListPage(db: Executor, criteria: UserListCriteria, order: UserListOrder, window: PageWindow) {
  return selectPage(db, criteria, order, window).select(
    sql<number | null>`${plannerRowCount('user_search_list_created_idx')}::int`.as('estimate'),
  );
}

const WHOLE_LIST_VALUES = ['offset', 'afterValue', 'afterId'] as const;
type WholeListStatement = ReturnType<typeof wholeListStatementOf>;

// Building and compiling the page's query took about a third of the page's CPU in the server
// (1.35 → 0.85 ms a call, one process, 100k users, rows read included). Every whole list
// compiles to the same SQL (see `isWholeList`), so the first caller's criteria serve all. Shapes:
// 6 sorts × 2 directions × 100 page sizes × 3 kinds of window at most; past this many, a shape is
// built per call as before.
const MAX_WHOLE_LIST_SHAPES = 200;
const wholeListStatements = new Map<string, WholeListStatement>();

/** The compiled statement of the whole list's page of this shape, or undefined past the bound. */
function wholeListPageStatement(
  criteria: UserListCriteria,
  order: UserListOrder,
  window: PageWindow,
): WholeListStatement | undefined {
  const kind = window.after ? 'after' : window.offset ? 'offset' : 'first';
  const key = `${order.sortBy}:${order.sortDir}:${window.limit}:${kind}`;
  let statement = wholeListStatements.get(key);
  if (!statement && wholeListStatements.size < MAX_WHOLE_LIST_SHAPES) {
    statement = wholeListStatementOf(criteria, order, { limit: window.limit, kind });
    wholeListStatements.set(key, statement);
  }
  return statement;
}

function wholeListStatementOf(
  criteria: UserListCriteria,
  order: UserListOrder,
  shape: { limit: number; kind: 'after' | 'offset' | 'first' },
) {
  return namedPreparedStatement(WHOLE_LIST_VALUES, (db, v) =>
    wholeListPage(db, criteria, order, {
      limit: shape.limit,
      ...(shape.kind === 'offset' && { offset: v.offset }),
      ...(shape.kind === 'after' && { after: { value: v.afterValue, id: v.afterId } }),
    }),
  );
}

function selectPage(db: Executor, criteria: UserListCriteria, order: UserListOrder, window: PageWindow) {
  const key = SORT_KEYS[order.sortBy];
  const dir = sql.raw(order.sortDir);
  let ids = usersMatching(db, criteria);
  if (window.after) {
    const comparison = sql.raw(order.sortDir === 'desc' ? '<' : '>');
    const value = sql`${window.after.value}::${sql.raw(key.type)}`;
    ids = ids.where(
      sql<boolean>`(${key.expression}, users.id) ${comparison} (${value}, ${window.after.id}::uuid)`,
    );
  }
  const page = ids
    .select('users.id')
    .orderBy(sql`${key.expression} ${dir}`)
    .orderBy(sql`users.id ${dir}`)
    // A literal (a small, validated integer): with a parameter the planner would assume a limit
    // of a tenth of the table, and a prepared page (executePrepared) would be re-planned each time.
    .limit(sql.lit(window.limit))
    .$if(Boolean(window.offset), (qb) => qb.offset(window.offset ?? 0));
  return db
    .selectFrom(page.as('page'))
    .innerJoin('users', 'users.id', 'page.id')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .select(USER_SHAPE_SELECTION)
    .select([
      'organizations.name as organizationName',
      'organizations.status as organizationStatus',
      'organizations.archivedAt as organizationArchivedAt',
      sql<string>`(${key.expression})::text`.as('sortKey'),
      patientsOfRow.as('patients'),
    ])
    .orderBy(sql`${key.expression} ${dir}`)
    .orderBy(sql`users.id ${dir}`);
}

export type UserPageRow = Awaited<ReturnType<typeof selectUserPage>>[number];

/**
 * The page rows of the users `ids` (found elsewhere, in the list's order by creation), in that
 * order. The pages asked for during one turn of the event loop are read by one statement
 * (`perTurn`), planned once whatever the ids (their primary key).
 */
export function selectUsersInOrder(db: Executor, ids: readonly string[]): Promise<UserPageRow[]> {
  if (!ids.length) return Promise.resolve([]);
  let read = pagesInOrder.get(db);
  if (!read) {
    read = perTurn((lists: (readonly string[])[]) => readPagesInOrder(db, lists));
    pagesInOrder.set(db, read);
  }
  return read(ids);
}

const pagesInOrder = new WeakMap<Executor, (ids: readonly string[]) => Promise<UserPageRow[]>>();

async function readPagesInOrder(db: Executor, lists: (readonly string[])[]): Promise<UserPageRow[][]> {
  return pagesInPlaces(lists, await usersInOrder(db, { ids: lists.flat() }));
}

/**
 * The rows read for several lists of ids at once (`usersInOrderQuery` of the lists one after the
 * other), split back into one page per list: rows come in the order of their places, and each
 * list's are those of its places (a user deleted meanwhile has none).
 */
export function pagesInPlaces<Row extends { askedPlace: number }>(
  lists: readonly (readonly string[])[],
  rows: readonly Row[],
): Row[][] {
  const pages = lists.map((): Row[] => []);
  let list = 0;
  let end = lists[0]?.length ?? 0;
  for (const row of rows) {
    while (row.askedPlace > end) {
      list += 1;
      end += lists[list]?.length ?? 0;
    }
    pages[list]?.push(row);
  }
  return pages;
}

/** The page rows of the users `ids` (a uuid[] value), in that order, each with its place in it. */
export const usersInOrderQuery = (db: Executor, ids: unknown) =>
  db
    .selectFrom(askedList<string>(ids, 'uuid'))
    .innerJoin('users', 'users.id', 'asked.value')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .select(USER_SHAPE_SELECTION)
    .select([
      'organizations.name as organizationName',
      'organizations.status as organizationStatus',
      'organizations.archivedAt as organizationArchivedAt',
      sql<string>`(${SORT_KEYS.createdAt.expression})::text`.as('sortKey'),
      patientsOfRow.as('patients'),
      sql<number>`asked.place::int`.as('askedPlace'),
    ])
    .orderBy('asked.place');

const usersInOrder = namedPreparedStatement(['ids'], (db, v) => usersInOrderQuery(db, v.ids));

/**
 * The page and the capped count in one statement, from one pass over the matches: the matching
 * ids and sort keys (at most EXACT_TOTAL_LIMIT + 1, from the narrow projection) are collected
 * once, counted, and the page is sorted out of them; only its rows are read whole. When more than
 * EXACT_TOTAL_LIMIT match, the collected set is not all of them and its page is not the list's:
 * `page` is then null and the caller asks `selectUserPage`.
 */
export async function selectUserPageAndCount(
  db: Executor,
  criteria: UserListCriteria,
  order: UserListOrder,
  window: PageWindow,
): Promise<{ matched: number; page: UserPageRow[] | null }> {
  const key = SORT_KEYS[order.sortBy];
  const dir = sql.raw(order.sortDir);
  const prepared = isPlainTrigramSearch(criteria);
  const matches = usersMatching(db, criteria, { prepared })
    .select(['users.id', key.expression.as('k')])
    .limit(EXACT_TOTAL_LIMIT + 1);
  const after = window.after;
  const statement = db
    .with('m', () => matches)
    .with('c', (qb) => qb.selectFrom('m').select(sql<number>`count(*)::int`.as('matched')))
    .with('p', (qb) => {
      let page = qb.selectFrom('m').select(['m.id', 'm.k']);
      if (after) {
        const comparison = sql.raw(order.sortDir === 'desc' ? '<' : '>');
        page = page.where(
          sql<boolean>`(m.k, m.id) ${comparison} (${after.value}::${sql.raw(key.type)}, ${after.id}::uuid)`,
        );
      }
      return page
        .orderBy(sql`m.k ${dir}`)
        .orderBy(sql`m.id ${dir}`)
        .limit(window.limit)
        .$if(Boolean(window.offset), (qb) => qb.offset(window.offset ?? 0));
    })
    .selectFrom('c')
    .leftJoin('p', (join) => join.onTrue())
    .leftJoin('users', 'users.id', 'p.id')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .select(USER_SHAPE_SELECTION)
    .select([
      'c.matched',
      'organizations.name as organizationName',
      'organizations.status as organizationStatus',
      'organizations.archivedAt as organizationArchivedAt',
      sql<string>`(p.k)::text`.as('sortKey'),
      patientsOfRow.as('patients'),
    ])
    .orderBy(sql`p.k ${dir}`)
    .orderBy(sql`p.id ${dir}`);
  const rows = prepared ? await executePrepared(db, statement) : await statement.execute();
  const matched = rows[0]?.matched ?? 0;
  if (matched > EXACT_TOTAL_LIMIT) return { matched, page: null };
  // No page row (an offset past the end) still returns the count, with the page's columns null.
  return { matched, page: rows.filter((row) => row.id !== null) as unknown as UserPageRow[] };
}

/**
 * The user's unarchived patients (a parent's; empty for everyone else), ordered by name, as one
 * column of the page row: the page's statement brings them, no second round trip per page. One
 * row by primary key per user, the list the triggers keep (a user without a row has none).
 */
const patientsOfRow = sql<UserPatient[]>`coalesce(
  (select l.patients from user_patient_lists l where l.user_id = users.id), '[]'::json)`;

/** A page row's organisation as `toUser` takes it (its state decides `isActive`), or null. */
export function pageRowOrganization(row: UserPageRow) {
  return row.organizationId && row.organizationName !== null && row.organizationStatus !== null
    ? {
        id: row.organizationId,
        name: row.organizationName,
        status: row.organizationStatus,
        archivedAt: row.organizationArchivedAt,
      }
    : null;
}
