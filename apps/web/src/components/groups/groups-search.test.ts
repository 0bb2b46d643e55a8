import { describe, expect, it } from 'vitest';
import { cleanGroupsSearch, groupsSearchSchema, toGroupsListInput } from './groups-search';

const ORG = '3f0c5f0e-6a2b-4b8e-9a55-2f6f3b2d9c11';
const GROUP = '7d1e2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b';

describe('the groups URL search', () => {
  it('keeps the organisation and the open group, and drops a stale id on its own', () => {
    expect(groupsSearchSchema.parse({ org: ORG, group: GROUP })).toEqual({ org: ORG, group: GROUP });
    expect(groupsSearchSchema.parse({ org: 'nope', group: GROUP })).toEqual({ org: undefined, group: GROUP });
    expect(cleanGroupsSearch({ org: undefined, group: GROUP })).toEqual({ group: GROUP });
  });

  it('lists one page of 100 by name, of the chosen organisation', () => {
    expect(toGroupsListInput({})).toEqual({ page: 1, pageSize: 100 });
    expect(toGroupsListInput({ org: ORG })).toEqual({ page: 1, pageSize: 100, organizationId: ORG });
  });
});
