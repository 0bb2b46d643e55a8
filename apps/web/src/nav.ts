import { type Action, type Actor, can } from '@praxis/policy';
import type { FileRoutesByTo } from './routeTree.gen';

export interface NavItem {
  /** Any route of the app (checked against the generated route tree). */
  to: keyof FileRoutesByTo;
  label: string;
  /** The policy action a viewer needs to see the entry; null: every signed-in user. */
  action: Action | null;
}

/**
 * The app's navigation. An entry with an `action` shows only to viewers whom @praxis/policy
 * allows it (the same table the server enforces). Add a screen's entry here with its route file.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Home', action: null },
  { to: '/users', label: 'Users', action: 'users.read' },
  { to: '/account', label: 'Account', action: null },
];

export function visibleNavItems<T extends { action: Action | null }>(items: readonly T[], actor: Actor): T[] {
  return items.filter((item) => item.action === null || can(actor, item.action));
}
