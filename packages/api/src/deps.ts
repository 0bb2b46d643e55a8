import {
  createRateLimits,
  createSessionManager,
  deriveServerKeys,
  type RateLimits,
  type ServerKeys,
  type SessionManager,
} from '@praxis/auth';
import type { Config } from '@praxis/config';
import type { Db } from '@praxis/db';
import { createMailQueue, type MailQueue } from '@praxis/jobs';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { nobodyOnline, type PresenceReader } from './presence-reader';
import { ignoreSessionEvents, type SessionEvents } from './session-events';
import { createFirstPages, type FirstPages } from './users/users.first-pages';
import type { IndexHandOver } from './users/users.search-handover';
import { createUserSearchMemory, type UserSearchMemory } from './users/users.search-sync';

/** Everything a request may use, built once per process by the composition root. */
export interface ApiDeps {
  config: Config;
  db: Db;
  redis: Redis;
  mailQueue: MailQueue;
  sessions: SessionManager;
  rateLimits: RateLimits;
  logger: Logger;
  presence: PresenceReader;
  sessionEvents: SessionEvents;
  /** Keys derived from SECRETS_KEY, one per purpose. */
  keys: ServerKeys;
  /** User searches (exact counts, pages by creation) from this process's memory, where it can answer them. */
  userSearch: UserSearchMemory;
  /** The first pages of the whole users list, kept while no write changes them. */
  firstPages: FirstPages;
}

export function createApiDeps(base: {
  config: Config;
  db: Db;
  redis: Redis;
  logger: Logger;
  presence?: PresenceReader;
  sessionEvents?: SessionEvents;
  /** This process's part in building the search index once for a server's processes. */
  searchHandOver?: IndexHandOver | undefined;
}): ApiDeps {
  const { searchHandOver, ...given } = base;
  const { config, db, redis } = given;
  return {
    presence: nobodyOnline,
    sessionEvents: ignoreSessionEvents,
    ...given,
    mailQueue: createMailQueue(redis, config.redisPrefix, base.logger),
    sessions: createSessionManager({
      db,
      ttlHours: config.sessionTtlHours,
      secureCookies: config.isProduction,
    }),
    rateLimits: createRateLimits(redis, config.redisPrefix),
    keys: deriveServerKeys(config.secretsKey),
    userSearch: createUserSearchMemory(db, base.logger, {
      maxUsers: config.userSearchIndexMaxUsers,
      handOver: searchHandOver,
    }),
    firstPages: createFirstPages(db, base.logger),
  };
}
