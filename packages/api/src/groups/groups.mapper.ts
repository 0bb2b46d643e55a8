import type { GroupWithCount, listMembers } from './groups.queries';

export function toGroup(row: GroupWithCount) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    description: row.description,
    memberCount: row.memberCount ?? 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A group with its members (a summary of each user, enough to show and pick them). */
export function toGroupWithMembers(row: GroupWithCount, members: Awaited<ReturnType<typeof listMembers>>) {
  return { ...toGroup(row), members };
}
