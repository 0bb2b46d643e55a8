import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '@praxis/api';
import type { RestEnv } from './caller';
import { docsRoutes } from './docs';
import { restOnError } from './errors';
import { validationHook } from './hook';
import { seed000Routes } from './seed000.routes';
import { SEED001_TAG, seed001Routes } from './seed001.routes';
import { SEED002_TAG, seed002Routes } from './seed002.routes';
import { SEED003_TAG, seed003Routes } from './seed003.routes';

/** The seeds' REST endpoints, their OpenAPI 3.1 document and its docs page. */
export function restRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<RestEnv>({ defaultHook: validationHook });
  app.onError(restOnError);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The session token from POST /api/auth/login',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'userToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-User-Token',
    description: 'The same session token, as the seed systems send it',
  });
  app.route('/', seed000Routes(deps));
  app.route('/', seed001Routes(deps));
  app.route('/', seed002Routes(deps));
  app.route('/', seed003Routes(deps));
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Praxis REST API',
      version: '1.0.0',
      // No open licence: an SPDX LicenseRef (openapi3-ts's type predates 3.1's `identifier`).
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } as { name: string },
      description:
        'The REST endpoints of the systems Praxis replaces. Ids are uuids as strings wherever a seed shows an integer or `_id`. Errors: `{"errors": "message"}`, or `{"errors": {"field": ["message"]}}` for 422/409.',
    },
    servers: [{ url: '/' }],
    tags: [
      {
        name: 'Seed 000: users and sign-in',
        description: 'Seed 000 (Organizations module): sign-in and users',
      },
      {
        name: SEED001_TAG,
        description: 'Seed 001 (practice info): organisations and practice profiles',
      },
      {
        name: SEED002_TAG,
        description: 'Seed 002: administrative tasks on users (list, roles, enable/disable/approve, NPI)',
      },
      {
        name: SEED003_TAG,
        description:
          'Seed 003 (Admin Users API, /v1/admin): listing, filtering, updating, archiving and deleting users; the dashboard',
      },
    ],
  });
  app.route('/', docsRoutes());
  // Unknown REST paths answer JSON, never the web app.
  for (const prefix of ['/api/*', '/v1/*']) {
    app.all(prefix, (c) => c.json({ errors: 'Not found' }, 404));
  }
  return app;
}
