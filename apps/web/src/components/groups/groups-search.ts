import { z } from 'zod';

// The groups screen's state lives in the URL: the organisation filter and the open group. Each
// field falls back on its own (`.catch`), so a stale link resets that one setting.
export const groupsSearchSchema = z.object({
  org: z.uuid().optional().catch(undefined),
  group: z.uuid().optional().catch(undefined),
});

export type GroupsSearch = z.output<typeof groupsSearchSchema>;

export function cleanGroupsSearch(search: GroupsSearch): GroupsSearch {
  return {
    ...(search.org ? { org: search.org } : {}),
    ...(search.group ? { group: search.group } : {}),
  };
}

/** The groups.list input: one page of 100 by name, of one organisation when filtered. */
export function toGroupsListInput(search: GroupsSearch) {
  return { page: 1, pageSize: 100, ...(search.org ? { organizationId: search.org } : {}) };
}
