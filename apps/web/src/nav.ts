import { type Action, type Actor, can } from '@praxis/policy';

export interface NavItem {
  to: '/';
  label: string;
  /** The policy action a viewer needs to see the entry; null: every signed-in user. */
  action: Action | null;
}

/**
 * The app's navigation. An entry with an `action` shows only to viewers whom @praxis/policy
 * allows it (the same table the server enforces). Add a screen's entry here with its route file
 * (widen `to` to the new path: the router's types check it).
 */
export const NAV_ITEMS: readonly NavItem[] = [{ to: '/', label: 'Home', action: null }];

export function visibleNavItems<T extends { action: Action | null }>(items: readonly T[], actor: Actor): T[] {
  return items.filter((item) => item.action === null || can(actor, item.action));
}
