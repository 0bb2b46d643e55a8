import { randomUUID } from 'node:crypto';
import { createPresenceStore } from '@praxis/presence';
import type { ApiDeps } from '../deps';

/**
 * The API's deps with the real Redis presence reader (on this test's Redis prefix), and a way to
 * open and close a user's socket as the realtime layer records it.
 */
export function withPresence<Deps extends ApiDeps>(deps: Deps) {
  const store = createPresenceStore({
    redis: deps.redis,
    redisPrefix: deps.config.redisPrefix,
    socketTtlMs: deps.config.presenceTimeoutSeconds * 1_000,
  });
  return {
    deps: { ...deps, presence: { onlineAmong: store.onlineAmong, allOnline: store.allOnline } },
    /** Opens a socket of the user; call the returned function to close it. */
    async connect(user: { id: string; organizationId: string | null }) {
      const member = `test:${randomUUID()}`;
      await store.connect(user.id, user.organizationId, member);
      return () => store.disconnect(user.id, member);
    },
  };
}
