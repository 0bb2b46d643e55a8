import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '@praxis/api';
import type { Context } from 'hono';
import { callerFor, type RestEnv } from './caller';
import { errorResponses, restOnError, run } from './errors';
import { validationHook } from './hook';
import {
  dashboardSchema,
  FILTER_FIELD_NAMES,
  FILTER_KEYS,
  filterOptionsSchema,
  filterUsersBodySchema,
  fromSeed003Filters,
  fromSeed003Patch,
  type OurSeed003User,
  SORT_FIELDS,
  seed003UpdateBodySchema,
  seed003UserSchema,
  sortQuery,
  toSeed003Dashboard,
  toSeed003User,
  UPDATE_FIELD_NAMES,
} from './seed003.mapper';

// Seed 003 ("Admin Users API"): user administration under /v1/admin.
export const SEED003_TAG = 'Seed 003: admin users';
const TAG = SEED003_TAG;
const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { userToken: [] }];
const USERS = '/v1/admin/clinic/users';

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const body = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const idParams = z.object({
  id: z
    .string()
    .openapi({ param: { name: 'id', in: 'path' }, format: 'uuid', description: 'A user id (uuid)' }),
});

const queryInt = z.coerce.number().int().min(1);
const pagingQuery = {
  page: queryInt.optional().openapi({ description: 'Page number, from 1' }),
  page_size: queryInt.max(100).optional().openapi({ description: 'Users per page (1-100, default 20)' }),
};
const listQuery = z.object({ ...pagingQuery, ...sortQuery, search: z.string().max(200).optional() });
const archivedQuery = z.object(pagingQuery);

const listAnswer = z
  .object({
    users: z.array(seed003UserSchema),
    meta: z.object({
      page: z.number().int(),
      page_size: z.number().int(),
      total: z.number().int(),
      total_pages: z.number().int(),
      total_exact: z.boolean().openapi({ description: 'false when total is an estimate (very large lists)' }),
    }),
  })
  .openapi('Seed003UserList');

type RestContext = Context<RestEnv>;
type ListOut = { items: OurSeed003User[]; total: number; totalExact: boolean };

const listBody = (page: number, pageSize: number, out: ListOut) => ({
  users: out.items.map(toSeed003User),
  meta: {
    page,
    page_size: pageSize,
    total: out.total,
    total_pages: Math.ceil(out.total / pageSize),
    total_exact: out.totalExact,
  },
});

const sortInput = (q: { sort_by?: string | undefined; sort_dir?: string | undefined }) => ({
  ...(q.sort_by === undefined ? {} : { sortBy: SORT_FIELDS[q.sort_by] }),
  ...(q.sort_dir === undefined ? {} : { sortDir: q.sort_dir }),
});

export function seed003Routes(deps: ApiDeps) {
  const app = new OpenAPIHono<RestEnv>({ defaultHook: validationHook });
  app.onError(restOnError);
  const caller = (c: RestContext) => callerFor(deps, c);

  app.openapi(
    createRoute({
      method: 'get',
      path: USERS,
      operationId: 'seed003ListUsers',
      tags: [TAG],
      summary: 'List users (sorted, searched, paged)',
      security,
      request: { query: listQuery },
      responses: { 200: json(listAnswer, 'One page of users'), ...errorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const q = c.req.valid('query');
          const page = q.page ?? 1;
          const pageSize = q.page_size ?? 20;
          const out = await caller(c).users.list({
            page,
            pageSize,
            search: q.search || undefined,
            ...sortInput(q),
          } as never);
          return c.json(listBody(page, pageSize, out), 200);
        },
        FILTER_FIELD_NAMES,
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${USERS}/filter_users`,
      operationId: 'seed003FilterUsers',
      tags: [TAG],
      summary: 'List users by filters',
      description:
        '`filters.role` and `filters.roles` together match users holding any of them; `filters.date` bounds the creation time.',
      security,
      request: body(filterUsersBodySchema),
      responses: { 200: json(listAnswer, 'One page of users'), ...errorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const q = c.req.valid('json');
          const page = q.page ?? 1;
          const pageSize = q.page_size ?? 20;
          const out = await caller(c).users.list({
            page,
            pageSize,
            search: q.search || undefined,
            ...sortInput(q),
            filters: fromSeed003Filters(q.filters ?? {}),
          } as never);
          return c.json(listBody(page, pageSize, out), 200);
        },
        FILTER_FIELD_NAMES,
      ) as never,
  );

  // The fixed paths before /{id}: the first registered route that matches answers.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${USERS}/archived`,
      operationId: 'seed003ArchivedUsers',
      tags: [TAG],
      summary: 'List archived users',
      security,
      request: { query: archivedQuery },
      responses: { 200: json(listAnswer, 'One page of archived users'), ...errorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const q = c.req.valid('query');
          const page = q.page ?? 1;
          const pageSize = q.page_size ?? 20;
          const out = await caller(c).users.archived({ page, pageSize });
          return c.json(listBody(page, pageSize, out), 200);
        },
        FILTER_FIELD_NAMES,
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${USERS}/filters`,
      operationId: 'seed003UserFilters',
      tags: [TAG],
      summary: 'The filter options of user searches',
      security,
      responses: { 200: json(filterOptionsSchema, 'The options'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const options = await caller(c).users.filterOptions();
        return c.json(
          {
            roles: options.roles,
            statuses: options.statuses,
            organizations: options.organizations.map((o: { id: string; name: string }) => ({
              id: o.id,
              name: o.name,
            })),
            sort_fields: Object.keys(SORT_FIELDS),
            filters: FILTER_KEYS,
          },
          200,
        );
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/users/dashboard',
      operationId: 'seed003Dashboard',
      tags: [TAG],
      summary: 'User counts and the latest activity',
      description:
        'Counts over the unarchived users of the organisations the caller may read; `new_users_this_month` is the calendar month in UTC; `recent_activity` the latest audit events (`user_id` who acted, a uuid).',
      security,
      responses: { 200: json(dashboardSchema, 'The dashboard'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const summary = await caller(c).dashboard.summary();
        return c.json(toSeed003Dashboard(summary), 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${USERS}/{id}`,
      operationId: 'seed003GetUser',
      tags: [TAG],
      summary: 'Get one user',
      security,
      request: { params: idParams },
      responses: { 200: json(seed003UserSchema, 'The user'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const user = await caller(c).users.get({ id: c.req.valid('param').id });
        return c.json(toSeed003User(user), 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${USERS}/{id}`,
      operationId: 'seed003UpdateUser',
      tags: [TAG],
      summary: 'Update a user, their role and whether they are enabled',
      description:
        "The fields sent change; `role` becomes the user's only role (as promote, then demote of the others) and `active` enables or disables the account, under the same rules and with the same audit events as those actions, all in one transaction (users.updateAccess): any refusal changes nothing.",
      security,
      request: { params: idParams, ...body(seed003UpdateBodySchema) },
      responses: { 200: json(seed003UserSchema, 'The updated user'), ...errorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const id = c.req.valid('param').id;
          const { user: input } = c.req.valid('json');
          const user = await caller(c).users.updateAccess({
            id,
            patch: fromSeed003Patch(input),
            ...(input.role === undefined ? {} : { role: input.role }),
            ...(input.active === undefined ? {} : { active: input.active }),
          } as never);
          return c.json(toSeed003User(user), 200);
        },
        UPDATE_FIELD_NAMES,
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${USERS}/{id}`,
      operationId: 'seed003DeleteUser',
      tags: [TAG],
      summary: 'Delete a user permanently (admins only)',
      security,
      request: { params: idParams },
      responses: {
        200: json(
          z.object({ id: z.string().openapi({ format: 'uuid' }), deleted: z.literal(true) }),
          'Deleted',
        ),
        ...errorResponses,
      },
    }),
    (c) =>
      run(c, async () => {
        const id = c.req.valid('param').id;
        await caller(c).users.delete({ id });
        return c.json({ id, deleted: true as const }, 200);
      }) as never,
  );

  for (const action of ['archive', 'unarchive'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `${USERS}/{id}/${action}`,
        operationId: action === 'archive' ? 'seed003ArchiveUser' : 'seed003UnarchiveUser',
        tags: [TAG],
        summary: action === 'archive' ? 'Archive (soft-delete) a user' : 'Restore an archived user',
        security,
        request: { params: idParams },
        responses: { 200: json(seed003UserSchema, `The ${action}d user`), ...errorResponses },
      }),
      (c) =>
        run(c, async () => {
          const user = await caller(c).users[action]({ id: c.req.valid('param').id });
          return c.json(toSeed003User(user), 200);
        }) as never,
    );
  }

  return app;
}
