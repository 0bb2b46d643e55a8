import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '@praxis/api';
import type { Context } from 'hono';
import { callerFor, type RestEnv } from './caller';
import {
  errorResponses,
  type FieldNames,
  publicErrorResponses,
  restErrorResponse,
  restOnError,
} from './errors';
import { validationHook } from './hook';
import {
  fromSeed000Patch,
  PATCH_FIELD_NAMES,
  seed000UserPatchSchema,
  seed000UserSchema,
  toSeed000User,
} from './seed000.mapper';

// Seed 000 ("Organizations" module): sign-in and user management under /api.
const TAG = 'Seed 000: users and sign-in';
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
const okSchema = z.object({ ok: z.literal(true) }).openapi('Ok');

const loginAnswer = z
  .union([
    z.object({ token: z.string(), user: seed000UserSchema }),
    z.object({
      two_factor_required: z.literal(true),
      user: z.string().openapi({ format: 'uuid', description: 'The 2FA challenge id to send to verify-2fa' }),
    }),
  ])
  .openapi('LoginAnswer');
const sessionAnswer = z.object({ token: z.string(), user: seed000UserSchema }).openapi('SessionAnswer');

// Query numbers arrive as strings; a bad one is a 422 of that field.
const queryInt = z.coerce.number().int().min(1);
const pagingQuery = {
  page: queryInt.optional().openapi({ description: 'Page number, from 1' }),
  page_size: queryInt.max(100).optional().openapi({ description: 'Users per page (1-100, default 20)' }),
  per_page: queryInt.max(100).optional().openapi({ description: 'Alias of page_size' }),
};
const listQuery = z.object(pagingQuery);
const searchQuery = z.object({ ...pagingQuery, search: z.string().max(200).optional() });
const listAnswer = z
  .object({
    users: z.array(seed000UserSchema),
    meta: z.object({
      page: z.number().int(),
      page_size: z.number().int(),
      total: z.number().int(),
      total_pages: z.number().int(),
      total_exact: z.boolean().openapi({ description: 'false when total is an estimate (very large lists)' }),
    }),
  })
  .openapi('Seed000UserList');

type RestContext = Context<RestEnv>;

/** Runs a handler, answering tRPC errors as seed 003's error bodies. */
export async function run(
  c: RestContext,
  work: () => Promise<Response>,
  renames?: FieldNames,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return restErrorResponse(c, error, renames);
  }
}

export function seed000Routes(deps: ApiDeps) {
  const app = new OpenAPIHono<RestEnv>({ defaultHook: validationHook });
  app.onError(restOnError);
  const caller = (c: RestContext) => callerFor(deps, c);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      operationId: 'seed000Login',
      security: [],
      tags: [TAG],
      summary: 'Sign in with email and password',
      description:
        'Answers the session token and the user; when email 2FA is on, `two_factor_required` and the challenge id in `user` (then call verify-2fa).',
      request: body(z.object({ email: z.string(), password: z.string() }).openapi('LoginBody')),
      responses: { 200: json(loginAnswer, 'Signed in, or a 2FA code was mailed'), ...publicErrorResponses },
    }),
    (c) =>
      run(c, async () => {
        const answer = await caller(c).auth.login(c.req.valid('json'));
        if (answer.status === '2fa_required')
          return c.json({ two_factor_required: true, user: answer.challengeId }, 200);
        return c.json({ token: answer.token, user: toSeed000User(answer.user) }, 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/verify-2fa/',
      operationId: 'seed000Verify2fa',
      security: [],
      tags: [TAG],
      summary: 'Complete a 2FA sign-in with the mailed code',
      request: body(
        z
          .object({
            user: z.string().openapi({ format: 'uuid', description: 'The challenge id from login' }),
            code: z.string(),
          })
          .openapi('Verify2faBody'),
      ),
      responses: { 200: json(sessionAnswer, 'Signed in'), ...publicErrorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const { user, code } = c.req.valid('json');
          const answer = await caller(c).auth.verify2fa({ challengeId: user, code });
          return c.json({ token: answer.token, user: toSeed000User(answer.user) }, 200);
        },
        { challengeId: 'user' },
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      operationId: 'seed000Logout',
      tags: [TAG],
      summary: 'End the session of the token sent',
      security,
      responses: { 200: json(okSchema, 'Signed out'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        await caller(c).auth.logout();
        return c.json({ ok: true as const }, 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password/change/',
      operationId: 'seed000ChangePassword',
      tags: [TAG],
      summary: 'Change your own password',
      security,
      request: body(
        z.object({ old_password: z.string(), new_password: z.string() }).openapi('ChangePasswordBody'),
      ),
      responses: { 200: json(okSchema, 'Changed; your other sessions are ended'), ...errorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const { old_password, new_password } = c.req.valid('json');
          await caller(c).auth.changePassword({ currentPassword: old_password, newPassword: new_password });
          return c.json({ ok: true as const }, 200);
        },
        { currentPassword: 'old_password' },
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password/reset/',
      operationId: 'seed000RequestPasswordReset',
      security: [],
      tags: [TAG],
      summary: 'Mail a password reset link',
      description: 'Always 200 for a well-formed address, whether or not an account has it.',
      request: body(z.object({ email: z.string() }).openapi('PasswordResetBody')),
      responses: { 200: json(okSchema, 'Accepted'), ...publicErrorResponses },
    }),
    (c) =>
      run(c, async () => {
        await caller(c).auth.requestPasswordReset(c.req.valid('json'));
        return c.json({ ok: true as const }, 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password/reset/confirm/',
      operationId: 'seed000ConfirmPasswordReset',
      security: [],
      tags: [TAG],
      summary: 'Set a new password with the mailed reset token',
      request: body(
        z.object({ token: z.string(), password: z.string() }).openapi('PasswordResetConfirmBody'),
      ),
      responses: { 200: json(okSchema, 'Password set'), ...publicErrorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const { token, password } = c.req.valid('json');
          await caller(c).auth.resetPassword({ token, newPassword: password });
          return c.json({ ok: true as const }, 200);
        },
        { newPassword: 'password' },
      ) as never,
  );

  const listRoute = <Q extends typeof listQuery | typeof searchQuery>(
    operationId: string,
    path: string,
    summary: string,
    query: Q,
  ) =>
    createRoute({
      method: 'get',
      path,
      operationId,
      tags: [TAG],
      summary,
      security,
      request: { query },
      responses: { 200: json(listAnswer, 'One page of users'), ...errorResponses },
    });

  type ListOut = { items: Parameters<typeof toSeed000User>[0][]; total: number; totalExact: boolean };
  const listBody = (page: number, pageSize: number, out: ListOut) => ({
    users: out.items.map(toSeed000User),
    meta: {
      page,
      page_size: pageSize,
      total: out.total,
      total_pages: Math.ceil(out.total / pageSize),
      total_exact: out.totalExact,
    },
  });
  const paging = (q: {
    page?: number | undefined;
    page_size?: number | undefined;
    per_page?: number | undefined;
  }) => ({
    page: q.page ?? 1,
    pageSize: q.page_size ?? q.per_page ?? 20,
  });

  app.openapi(
    listRoute('seed000ListUsers', '/api/users', 'List users (readers of users only)', listQuery),
    (c) =>
      run(c, async () => {
        const { page, pageSize } = paging(c.req.valid('query'));
        const out = await caller(c).users.list({ page, pageSize });
        return c.json(listBody(page, pageSize, out), 200);
      }) as never,
  );

  app.openapi(
    listRoute('seed000SearchUsers', '/api/users/search/', 'Search users by name or email', searchQuery),
    (c) =>
      run(c, async () => {
        const query = c.req.valid('query');
        const { page, pageSize } = paging(query);
        const out = await caller(c).users.list({ page, pageSize, search: query.search || undefined });
        return c.json(listBody(page, pageSize, out), 200);
      }) as never,
  );

  app.openapi(
    listRoute('seed000ActiveUsers', '/api/users/active/', 'List effectively active users', listQuery),
    (c) =>
      run(c, async () => {
        const { page, pageSize } = paging(c.req.valid('query'));
        const out = await caller(c).users.active({ page, pageSize });
        return c.json(listBody(page, pageSize, out), 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users/{id}',
      operationId: 'seed000GetUser',
      tags: [TAG],
      summary: 'Get one user',
      security,
      request: { params: idParams },
      responses: { 200: json(seed000UserSchema, 'The user'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const user = await caller(c).users.get({ id: c.req.valid('param').id });
        return c.json(toSeed000User(user), 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/users/{id}',
      operationId: 'seed000UpdateUser',
      tags: [TAG],
      summary: 'Update a user (the fields sent)',
      security,
      request: { params: idParams, ...body(seed000UserPatchSchema) },
      responses: { 200: json(seed000UserSchema, 'The updated user'), ...errorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const input = c.req.valid('json');
          const user = await caller(c).users.update({
            id: c.req.valid('param').id,
            patch: fromSeed000Patch(input),
            ...(input.current_password === undefined ? {} : { currentPassword: input.current_password }),
          });
          return c.json(toSeed000User(user), 200);
        },
        PATCH_FIELD_NAMES,
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/users/{id}',
      operationId: 'seed000DeactivateUser',
      tags: [TAG],
      summary: 'Deactivate a user (users.disable; permanent deletion is seed 003’s)',
      security,
      request: { params: idParams },
      responses: { 200: json(seed000UserSchema, 'The deactivated user'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const user = await caller(c).users.disable({ id: c.req.valid('param').id });
        return c.json(toSeed000User(user), 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/user/archive/{id}/',
      operationId: 'seed000ArchiveUser',
      tags: [TAG],
      summary: 'Archive (soft-delete) a user',
      security,
      request: { params: idParams },
      responses: { 200: json(seed000UserSchema, 'The archived user'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const user = await caller(c).users.archive({ id: c.req.valid('param').id });
        return c.json(toSeed000User(user), 200);
      }) as never,
  );

  return app;
}
