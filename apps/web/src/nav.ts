import { type Action, type Actor, can, readsOwnPatients } from '@praxis/policy';
import type { FileRoutesByTo } from './routeTree.gen';

export interface NavItem {
  /** Any route of the app (checked against the generated route tree). */
  to: keyof FileRoutesByTo;
  label: string;
  /** The policy action a viewer needs to see the entry; null: every signed-in user. */
  action: Action | null;
  /** Hidden from viewers allowed this action (their visit to the entry's page redirects elsewhere). */
  hiddenWith?: Action;
  /** Also shown to these viewers without the action (parents read their own linked patients). */
  alsoVisibleTo?: (actor: Actor) => boolean;
}

/**
 * The app's navigation. An entry with an `action` shows only to viewers whom @praxis/policy
 * allows it (the same table the server enforces). Add a screen's entry here with its route file.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  // '/' is the dashboard for its readers: one entry for them, not two.
  { to: '/', label: 'Home', action: null, hiddenWith: 'dashboard.read' },
  { to: '/dashboard', label: 'Dashboard', action: 'dashboard.read' },
  { to: '/users', label: 'Users', action: 'users.read' },
  { to: '/orgs', label: 'Organisations', action: 'orgs.read' },
  { to: '/invitations', label: 'Invitations', action: 'invitations.read' },
  { to: '/groups', label: 'Groups', action: 'groups.read' },
  { to: '/patients', label: 'Patients', action: 'patients.read', alsoVisibleTo: readsOwnPatients },
  { to: '/audit', label: 'Audit log', action: 'audit.read' },
  { to: '/settings', label: 'Settings', action: 'settings.read' },
  { to: '/account', label: 'Account', action: null },
];

export function visibleNavItems<
  T extends { action: Action | null; hiddenWith?: Action; alsoVisibleTo?: (actor: Actor) => boolean },
>(items: readonly T[], actor: Actor): T[] {
  return items.filter(
    (item) =>
      (item.action === null || can(actor, item.action) || Boolean(item.alsoVisibleTo?.(actor))) &&
      !(item.hiddenWith && can(actor, item.hiddenWith)),
  );
}
