import type { Executor } from '@praxis/db';
import type { Logger } from 'pino';
import type { PresenceBroadcaster } from './broadcast';
import { saveLastActivity } from './last-activity';
import type { PresenceChange } from './store';

const CHUNK = 1_000;
const SAVE_TIMEOUT_MS = 2_000;

/**
 * Announces presence transitions only once their lastActivity is in Postgres, so a viewer that
 * reads users.get, users.list (also sorted by lastActivity) or the dashboard on a `presence:update`
 * reads the value the event carried. Transitions that arrive while a write is running go out
 * together after one UPDATE. When Postgres does not take them within SAVE_TIMEOUT_MS they are
 * announced anyway (Redis keeps the activity for the writer's next flush): presence must not wait
 * out a database outage.
 */
export function createPresenceAnnouncer({
  db,
  broadcaster,
  logger,
}: {
  db: Executor;
  broadcaster: PresenceBroadcaster;
  logger: Logger;
}) {
  let pending: PresenceChange[] = [];
  let queued = false;
  let tail: Promise<void> = Promise.resolve();

  async function save(changes: readonly PresenceChange[]): Promise<void> {
    const entries = changes.flatMap((change) =>
      change.lastActivity ? [{ userId: change.userId, at: change.lastActivity }] : [],
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not saved within ${SAVE_TIMEOUT_MS} ms`)), SAVE_TIMEOUT_MS);
    });
    try {
      for (let start = 0; start < entries.length; start += CHUNK) {
        await Promise.race([saveLastActivity(db, entries.slice(start, start + CHUNK)), timedOut]);
      }
    } catch (error) {
      logger.warn(
        { err: error, users: entries.length },
        'last activity not saved before its presence update; kept in Redis for the next flush',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once `changes` were announced (after the write, or after it failed). */
  return function announce(changes: readonly PresenceChange[]): Promise<void> {
    if (!changes.length) return tail;
    pending.push(...changes);
    if (!queued) {
      queued = true;
      tail = tail.then(async () => {
        queued = false;
        const batch = pending;
        pending = [];
        await save(batch);
        broadcaster.announce(batch);
      });
    }
    return tail;
  };
}

export type PresenceAnnouncer = ReturnType<typeof createPresenceAnnouncer>;
