import { describe, expect, it } from 'vitest';
import { type PresenceReadScope, updateRoomsFor, viewerRoomChange, viewerRoomsOf } from './viewer-rooms';

const hears = (scope: PresenceReadScope, organizationId: string | null) =>
  viewerRoomsOf(scope).some((room) => updateRoomsFor(organizationId).includes(room));

describe('viewer rooms', () => {
  // Written from the rule, not from the code: all reads everyone; a list reads its organisations.
  const cases: Array<[string, PresenceReadScope, { A: boolean; B: boolean; none: boolean }]> = [
    ['every organisation', { all: true }, { A: true, B: true, none: true }],
    ['organisation A', { all: false, organizationIds: ['A'] }, { A: true, B: false, none: false }],
    ['organisations A and B', { all: false, organizationIds: ['A', 'B'] }, { A: true, B: true, none: false }],
    ['nobody', { all: false, organizationIds: [] }, { A: false, B: false, none: false }],
  ];

  it.each(cases)('a viewer reading %s hears exactly the users it may read', (_name, scope, expected) => {
    expect({ A: hears(scope, 'A'), B: hears(scope, 'B'), none: hears(scope, null) }).toEqual(expected);
  });

  it('a viewer reading nobody joins no room', () => {
    expect(viewerRoomsOf({ all: false, organizationIds: [] })).toEqual([]);
  });

  it('regroups a viewer whose rooms change, and only then', () => {
    const orgA = viewerRoomsOf({ all: false, organizationIds: ['A'] });
    const all = viewerRoomsOf({ all: true });
    expect(viewerRoomChange(orgA, all)).toEqual({ leave: orgA, join: all, changed: true });
    expect(viewerRoomChange(orgA, [])).toEqual({ leave: orgA, join: [], changed: true });
    expect(viewerRoomChange([], all)).toEqual({ leave: [], join: all, changed: true });
    expect(viewerRoomChange(orgA, [...orgA]).changed).toBe(false);
    expect(viewerRoomChange([], []).changed).toBe(false);
  });
});
