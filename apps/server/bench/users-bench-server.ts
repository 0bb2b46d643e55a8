// Started by users.bench.ts in a process of its own: the real app (createApp) plus one bare Hono
// route answering users.list's first pages with a hand-written Kysely query (bare-users-page.ts),
// without tRPC and without a session. Prints {"port": N} once listening.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApiDeps } from '@praxis/api';
import { loadConfig } from '@praxis/config';
import { createDb } from '@praxis/db';
import { createRedis } from '@praxis/jobs';
import type { Context } from 'hono';
import pino from 'pino';
import { createApp } from '../src/app';
import { bareUsersPage } from './bare-users-page';

const config = loadConfig();
const database = await createDb({ databaseUrl: config.databaseUrl, poolSize: 10 });
const redis = createRedis(config.redisUrl, 'producer');
const deps = createApiDeps({ config, db: database.db, redis, logger: pino({ level: config.logLevel }) });
const app = createApp(deps);

const PAGE_SIZE = 20;
const bareList = async (c: Context) => {
  const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
  return c.json(await bareUsersPage(deps.db, page, PAGE_SIZE));
};
app.get('/bare/users', bareList);
// The same, behind the same session check tRPC's authedProcedure makes: isolates tRPC's own cost.
app.get('/bare/users-authed', async (c) => {
  const found = deps.sessions.readToken({ authorization: c.req.header('authorization') });
  const session = found ? await deps.sessions.validate(found.token) : null;
  if (!session) return c.json({ error: 'UNAUTHORIZED' }, 401);
  return bareList(c);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', async () => {
  // Measured once searches are answered from memory, as a started server's are (it builds the
  // index right after it starts listening).
  await deps.userSearch.ready();
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void deps.mailQueue.close().finally(() => {
    redis.disconnect();
    void database.close().finally(() => process.exit(0));
  });
});
