import type { Actor } from '@praxis/policy';
import { actorOf } from './actor';

/**
 * Told after sessions end (sign-out, revocation, password change, disable, archive, organisation
 * deactivation), once the ending transaction has committed, so realtime connections of those
 * sessions can be closed on every instance. The presence layer implements it; the default does
 * nothing.
 */
export interface SessionEvents {
  ended(sessionPublicIds: readonly string[]): Promise<void>;
  /**
   * A user's roles or organisation changed while their sessions go on: their live connections
   * must stop hearing what the old rights showed, at once, on every instance.
   */
  accessChanged(changes: readonly AccessChange[]): Promise<void>;
}

/** One user's rights before and after a committed change of roles or organisation. */
export interface AccessChange {
  before: Actor;
  after: Actor;
}

export const ignoreSessionEvents: SessionEvents = { ended: async () => {}, accessChanged: async () => {} };

/** Of these before/after pairs, the ones whose roles or organisation differ. */
export function accessChanges(pairs: readonly { before: Actor; after: Actor }[]): AccessChange[] {
  return pairs
    .filter(
      ({ before, after }) =>
        before.organizationId !== after.organizationId ||
        before.roles.length !== after.roles.length ||
        before.roles.some((role) => !after.roles.includes(role)),
    )
    .map(({ before, after }) => ({ before: actorOf(before), after: actorOf(after) }));
}
