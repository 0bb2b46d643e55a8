import { randomInt, randomUUID } from 'node:crypto';
import { type Env, loadConfig } from '@praxis/config';
import type { UserRow } from '@praxis/db';
import { createRedis, waitForRedis } from '@praxis/jobs';
import { testRedisPrefix, testRedisUrl, workerDatabase } from '@praxis/vitest';
import pino from 'pino';
import { createContext } from '../context';
import { type ApiDeps, createApiDeps } from '../deps';
import { appRouter } from '../root';
import { createCallerFactory } from '../trpc';

const createCaller = createCallerFactory(appRouter);

/** The API's dependencies on this test worker's database and Redis prefix. */
export async function createTestDeps(env: Env = {}): Promise<ApiDeps & { close(): Promise<void> }> {
  const { handle } = await workerDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: testRedisPrefix(),
    APP_URL: 'http://app.test',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const redis = createRedis(config.redisUrl, 'producer');
  redis.on('error', () => {}); // tests of an unreachable Redis expect the failures
  await waitForRedis(redis, 2_000).catch(() => {});
  const deps = createApiDeps({ config, db: handle.db, redis, logger: pino({ level: config.logLevel }) });
  return {
    ...deps,
    async close() {
      await deps.mailQueue.close();
      redis.disconnect();
    },
  };
}

export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

/** A tRPC caller as one client: its own IP, optionally a bearer token; `resHeaders` shows Set-Cookie. */
export function callerFor(
  deps: ApiDeps,
  options: { token?: string; cookie?: string; ip?: string; userAgent?: string } = {},
) {
  const resHeaders = new Headers();
  const ctx = createContext(deps, {
    requestId: randomUUID(),
    ip: options.ip ?? randomIp(),
    userAgent: options.userAgent ?? 'vitest',
    cookie: options.cookie ?? null,
    authorization: options.token ? `Bearer ${options.token}` : null,
    resHeaders,
    logger: deps.logger,
  });
  return { caller: createCaller(ctx), resHeaders, ip: ctx.req.ip };
}

/** A caller signed in as `user` through a real session. */
export async function signedIn(deps: ApiDeps, user: Pick<UserRow, 'id'>) {
  const session = await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { ...callerFor(deps, { token: session.token }), token: session.token };
}
export { createMatrixActors, MATRIX_ACTORS, type MatrixActorName } from './actors';
export { errorOf, fieldErrorsOf } from './errors';
export { withIsolatedDatabase } from './isolated-db';
export {
  expectedOutcome,
  expectListedAsContractSays,
  type MatrixCaller,
  type MatrixRule,
  type Outcome,
  outcomeOf,
} from './matrix';
export { withPresence } from './presence';
export {
  type Cell,
  CONTRACT_ACTIONS,
  CONTRACT_COLUMNS,
  CONTRACT_PRIVILEGED_ROLES,
  CONTRACT_TABLE,
  type ContractAction,
  contractAllows,
  contractCell,
  contractMayGrant,
} from './roles-contract';
