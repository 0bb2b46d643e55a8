import type { Action } from '@praxis/policy';

/**
 * The app's navigation. An entry with an `action` shows only to viewers whom @praxis/policy
 * allows it (the same table the server enforces). Add a screen's entry here with its route file.
 */
export const NAV_ITEMS: ReadonlyArray<{ to: '/'; label: string; action: Action | null }> = [
  { to: '/', label: 'Home', action: null },
];
