import { type Action, readsOwnPatients } from '@praxis/policy';
import { describe, expect, it } from 'vitest';
import { visibleNavItems } from './nav';

const items: { label: string; action: Action | null; hiddenWith?: Action }[] = [
  { label: 'Home', action: null },
  { label: 'Users', action: 'users.read' },
  { label: 'Audit', action: 'audit.read' },
  { label: 'New organisation', action: 'orgs.create' },
];
const labels = (roles: Parameters<typeof visibleNavItems>[1]['roles']) =>
  visibleNavItems(items, { id: 'u', roles, organizationId: 'org' }).map((item) => item.label);

describe('visibleNavItems', () => {
  it('shows each role only what the policy table allows it', () => {
    expect(labels(['admin'])).toEqual(['Home', 'Users', 'Audit', 'New organisation']);
    expect(labels(['client_admin'])).toEqual(['Home', 'Users', 'Audit']);
    expect(labels(['staff'])).toEqual(['Home']);
    expect(labels(['parent', 'supervisor'])).toEqual(['Home', 'Users', 'Audit']);
  });
});

describe('hiddenWith', () => {
  it('hides an entry from the viewers allowed its action, and shows it to the others', () => {
    const entries: { label: string; action: Action | null; hiddenWith?: Action }[] = [
      { label: 'Home', action: null, hiddenWith: 'dashboard.read' },
      { label: 'Dashboard', action: 'dashboard.read' },
    ];
    const shown = (roles: Parameters<typeof visibleNavItems>[1]['roles']) =>
      visibleNavItems(entries, { id: 'u', roles, organizationId: 'org' }).map((item) => item.label);
    expect(shown(['supervisor'])).toEqual(['Dashboard']);
    expect(shown(['support'])).toEqual(['Dashboard']);
    expect(shown(['provider', 'billing'])).toEqual(['Home']);
  });
});

describe('alsoVisibleTo', () => {
  it('shows an entry to the viewers it names as well as to those allowed its action', () => {
    const entries = [
      { label: 'Patients', action: 'patients.read' as Action, alsoVisibleTo: readsOwnPatients },
      { label: 'Settings', action: 'settings.read' as Action },
    ];
    const shown = (roles: Parameters<typeof visibleNavItems>[1]['roles']) =>
      visibleNavItems(entries, { id: 'u', roles, organizationId: 'org' }).map((item) => item.label);
    expect(shown(['admin'])).toEqual(['Patients', 'Settings']);
    expect(shown(['client_admin'])).toEqual(['Patients']);
    expect(shown(['parent'])).toEqual(['Patients']);
    expect(shown(['support'])).toEqual(['Patients']);
    expect(shown(['staff'])).toEqual([]);
  });
});
