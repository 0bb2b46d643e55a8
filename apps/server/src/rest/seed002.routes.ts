import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '@praxis/api';
import type { Context } from 'hono';
import { callerFor, type RestEnv } from './caller';
import { errorResponses, restOnError, run } from './errors';
import { validationHook } from './hook';
import { fromSeed002Role, seed002RoleBodySchema, seed002UserSchema, toSeed002User } from './seed002.mapper';

// Seed 002: administrative tasks on users under /api/admin/users.
export const SEED002_TAG = 'Seed 002: user administration';
const TAG = SEED002_TAG;
const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { userToken: [] }];

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
const listQuery = z.object({
  page: queryInt.optional().openapi({ description: 'Page number, from 1' }),
  per_page: queryInt.max(100).optional().openapi({ description: 'Users per page (1-100, default 20)' }),
});
const pagingHeaders = z.object({
  'X-Total-Count': z.string().openapi({ description: 'The number of users in the list (all pages)' }),
  Link: z.string().openapi({
    description: 'RFC 8288 links to the `next`, `prev` and `last` pages (those that exist)',
  }),
});

type RestContext = Context<RestEnv>;

/** `<…?page=2&per_page=20>; rel="next"`, … for the pages that exist. */
function linkHeader(url: string, page: number, perPage: number, lastPage: number) {
  const link = (target: number, rel: string) => {
    const next = new URL(url);
    next.searchParams.set('page', String(target));
    next.searchParams.set('per_page', String(perPage));
    return `<${next.pathname}${next.search}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(link(page + 1, 'next'));
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  links.push(link(lastPage, 'last'));
  return links.join(', ');
}

export function seed002Routes(deps: ApiDeps) {
  const app = new OpenAPIHono<RestEnv>({ defaultHook: validationHook });
  app.onError(restOnError);
  const caller = (c: RestContext) => callerFor(deps, c);
  const userAnswer = { 200: json(seed002UserSchema, 'The user after the change'), ...errorResponses };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/users',
      operationId: 'seed002ListUsers',
      tags: [TAG],
      summary: 'List users, one page',
      description:
        'The users the caller may read, newest first. The total is in `X-Total-Count`, the neighbouring pages in `Link`.',
      security,
      request: { query: listQuery },
      responses: {
        200: {
          ...json(z.array(seed002UserSchema).openapi('Seed002UserList'), 'One page of users'),
          headers: pagingHeaders,
        },
        ...errorResponses,
      },
    }),
    (c) =>
      run(c, async () => {
        const query = c.req.valid('query');
        const page = query.page ?? 1;
        const perPage = query.per_page ?? 20;
        const out = await caller(c).users.list({ page, pageSize: perPage });
        const lastPage = Math.max(1, Math.ceil(out.total / perPage));
        c.header('X-Total-Count', String(out.total));
        c.header('Link', linkHeader(c.req.url, page, perPage, lastPage));
        return c.json(out.items.map(toSeed002User), 200);
      }) as never,
  );

  for (const direction of ['promote', 'demote'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/admin/users/{id}/${direction}`,
        operationId: `seed002${direction === 'promote' ? 'Promote' : 'Demote'}User`,
        tags: [TAG],
        summary: direction === 'promote' ? 'Give a user a role' : 'Take a role from a user',
        security,
        request: { params: idParams, ...body(seed002RoleBodySchema) },
        responses: userAnswer,
      }),
      (c) =>
        run(c, async () => {
          const input = { id: c.req.valid('param').id, role: fromSeed002Role(c.req.valid('json').role) };
          const user =
            direction === 'promote'
              ? await caller(c).users.promote(input)
              : await caller(c).users.demote(input);
          return c.json(toSeed002User(user), 200);
        }) as never,
    );
  }

  // The seed changes state on GET; POST is accepted too. Neither authenticates by cookie.
  const lifecycle = {
    enable: 'Enable a user’s account',
    disable: 'Disable a user’s account',
    approve: 'Approve a user’s account',
  } as const;
  for (const [action, summary] of Object.entries(lifecycle) as [keyof typeof lifecycle, string][]) {
    for (const method of ['get', 'post'] as const) {
      const name = action[0]?.toUpperCase() + action.slice(1);
      app.openapi(
        createRoute({
          method,
          path: `/api/admin/users/{id}/${action}`,
          operationId: `seed002${name}User${method === 'get' ? '' : 'Post'}`,
          tags: [TAG],
          summary,
          description:
            method === 'get'
              ? 'A GET as in the seed; it authenticates by token only, so it cannot be forged cross-site.'
              : `The same as GET /api/admin/users/{id}/${action}.`,
          security,
          request: { params: idParams },
          responses: userAnswer,
        }),
        (c) =>
          run(c, async () => {
            const user = await caller(c).users[action]({ id: c.req.valid('param').id });
            return c.json(toSeed002User(user), 200);
          }) as never,
      );
    }
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/users/{id}/update_npi',
      operationId: 'seed002UpdateNpi',
      tags: [TAG],
      summary: 'Set a user’s NPI',
      security,
      request: {
        params: idParams,
        ...body(
          z
            .object({
              npi: z
                .string()
                .openapi({ description: '10 digits with a valid check digit', example: '1234567893' }),
            })
            .openapi('Seed002NpiBody'),
        ),
      },
      responses: userAnswer,
    }),
    (c) =>
      run(c, async () => {
        const user = await caller(c).users.updateNpi({
          id: c.req.valid('param').id,
          npi: c.req.valid('json').npi,
        });
        return c.json(toSeed002User(user), 200);
      }) as never,
  );

  return app;
}
