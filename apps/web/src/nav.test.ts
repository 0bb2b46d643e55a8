import type { Action } from '@praxis/policy';
import { describe, expect, it } from 'vitest';
import { visibleNavItems } from './nav';

const items: { label: string; action: Action | null }[] = [
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
