import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '@praxis/api';
import type { Context } from 'hono';
import { callerFor, type RestEnv } from './caller';
import { errorResponses, restOnError, run } from './errors';
import { validationHook } from './hook';
import {
  fromSeed001Organization,
  fromSeed001Profile,
  ORGANIZATION_FIELD_NAMES,
  PROFILE_FIELD_NAMES,
  seed001OrganizationBodySchema,
  seed001OrganizationSchema,
  seed001ProfileBodySchema,
  seed001ProfileSchema,
  toSeed001Organization,
  toSeed001Profile,
} from './seed001.mapper';

// Seed 001 (practice info): organisations and the practice profile.
export const SEED001_TAG = 'Seed 001: organisations and practice profiles';
const TAG = SEED001_TAG;
const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { userToken: [] }];

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const body = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const uuidParam = (name: string, description: string) =>
  z.object({
    [name]: z.string().openapi({ param: { name, in: 'path' }, format: 'uuid', description }),
  });

const organizationList = z.array(seed001OrganizationSchema).openapi('Seed001OrganizationList');
const successSchema = z.object({ success: z.literal(true) }).openapi('Success');

type RestContext = Context<RestEnv>;
type ProfileInput = Parameters<ReturnType<typeof callerFor>['profiles']['upsert']>[0];

export function seed001Routes(deps: ApiDeps) {
  const app = new OpenAPIHono<RestEnv>({ defaultHook: validationHook });
  app.onError(restOnError);
  const caller = (c: RestContext) => callerFor(deps, c);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/organizations/',
      operationId: 'seed001UpsertOrganization',
      tags: [TAG],
      summary: 'Create an organisation, or update the one with `id` (the fields sent)',
      security,
      request: body(seed001OrganizationBodySchema),
      responses: {
        200: json(seed001OrganizationSchema, 'Updated'),
        201: json(seed001OrganizationSchema, 'Created'),
        ...errorResponses,
      },
    }),
    (c) =>
      run(
        c,
        async () => {
          const input = fromSeed001Organization(c.req.valid('json'));
          const org = await caller(c).orgs.upsert(input);
          return c.json(toSeed001Organization(org), input.id ? 200 : 201);
        },
        ORGANIZATION_FIELD_NAMES,
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/organizations/',
      operationId: 'seed001ListOrganizations',
      tags: [TAG],
      summary: 'All active organisations the caller may read',
      security,
      responses: { 200: json(organizationList, 'The organisations, by name'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        // The seed answers the whole list: read it a page at a time.
        const all = [];
        for (let page = 1; ; page++) {
          const out = await caller(c).orgs.list({ status: 'active', page, pageSize: 100 });
          all.push(...out.items);
          if (out.items.length < 100 || all.length >= out.total) break;
        }
        return c.json(all.map(toSeed001Organization), 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/organizations/{therapistUserId}/',
      operationId: 'seed001OrganizationsByTherapist',
      tags: [TAG],
      summary: 'The organisations of a therapist',
      description: '204 with no body when the therapist has none the caller may read.',
      security,
      request: { params: uuidParam('therapistUserId', 'The therapist’s user id (uuid)') },
      responses: {
        200: json(organizationList, 'The therapist’s organisations'),
        204: { description: 'None' },
        ...errorResponses,
      },
    }),
    (c) =>
      run(
        c,
        async () => {
          const therapistUserId = c.req.valid('param').therapistUserId as string;
          const orgs = await caller(c).orgs.byTherapist({ therapistUserId });
          if (orgs.length === 0) return c.body(null, 204);
          return c.json(orgs.map(toSeed001Organization), 200);
        },
        { therapistUserId: 'therapistUserId' },
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/organizations/id/{id}/',
      operationId: 'seed001GetOrganization',
      tags: [TAG],
      summary: 'One organisation',
      security,
      request: { params: uuidParam('id', 'The organisation id (uuid)') },
      responses: { 200: json(seed001OrganizationSchema, 'The organisation'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const org = await caller(c).orgs.get({ id: c.req.valid('param').id as string });
        return c.json(toSeed001Organization(org), 200);
      }) as never,
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/practice-profile/',
      operationId: 'seed001UpsertPracticeProfile',
      tags: [TAG],
      summary: 'Create or update all sections of a practice profile in one request',
      description:
        'One transaction (profiles.upsert). An omitted field is left as it is; `address`, when sent, replaces all addresses.',
      security,
      request: body(seed001ProfileBodySchema),
      responses: { 200: json(successSchema, 'Saved'), ...errorResponses },
    }),
    (c) =>
      run(
        c,
        async () => {
          const input = fromSeed001Profile(c.req.valid('json')) as ProfileInput;
          await caller(c).profiles.upsert(input);
          return c.json({ success: true as const }, 200);
        },
        PROFILE_FIELD_NAMES,
      ) as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/practice-profile/{userId}/',
      operationId: 'seed001GetPracticeProfile',
      tags: [TAG],
      summary: 'A therapist’s practice profile, in the fields the POST body takes',
      security,
      request: { params: uuidParam('userId', 'The therapist’s user id (uuid)') },
      responses: { 200: json(seed001ProfileSchema, 'The profile'), ...errorResponses },
    }),
    (c) =>
      run(c, async () => {
        const profile = await caller(c).profiles.get({ userId: c.req.valid('param').userId as string });
        return c.json(toSeed001Profile(profile), 200);
      }) as never,
  );

  return app;
}
