import { type Action, type Actor, can, type Target } from '@praxis/policy';
import { forbidden, notFound } from './errors';

/**
 * Refuses an action on a record. A reader who may not see the record gets NOT_FOUND, never
 * FORBIDDEN, so existence does not leak across organisations.
 */
export function assertCan(
  actor: Actor,
  action: Action,
  target: Target,
  readAction: Action,
  what = 'Record',
): void {
  if (can(actor, action, target)) return;
  throw can(actor, readAction, target) ? forbidden() : notFound(what);
}
