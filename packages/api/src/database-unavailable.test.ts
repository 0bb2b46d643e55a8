import { createDb, type DbHandle } from '@praxis/db';
import { createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDeps, createApiDeps } from './deps';
import { callerFor, createTestDeps, errorOf, signedIn } from './testing';

// The real API on a pool whose Postgres does not listen (a closed port): what clients see while
// the database is down. The server's e2e test stops a real Postgres under a running server.
let deps: ApiDeps & { close(): Promise<void> };
let unreachable: DbHandle;
let offline: ApiDeps;
beforeAll(async () => {
  deps = await createTestDeps();
  unreachable = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/praxis', poolSize: 2 });
  offline = createApiDeps({
    config: deps.config,
    db: unreachable.db,
    redis: deps.redis,
    logger: deps.logger,
  });
});
afterAll(async () => {
  await offline?.mailQueue.close();
  await unreachable?.close();
  await deps?.close();
});

describe('while Postgres is unreachable', () => {
  it('a signed-in call answers SERVICE_UNAVAILABLE, not a generic 500', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'] });
    const { token } = await signedIn(deps, user);
    const error = await errorOf(callerFor(offline, { token }).caller.users.list({}));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('The database is temporarily unavailable. Try again shortly.');
  });

  it('sign-in answers SERVICE_UNAVAILABLE, not wrong credentials', async () => {
    const { user } = await createTestUser(deps.db);
    const error = await errorOf(
      callerFor(offline).caller.auth.login({ email: user.email, password: TEST_PASSWORD }),
    );
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
