import type { OrganizationWithCount } from './orgs.queries';

/** The Organization shape of the contract. */
export function toOrganization(row: OrganizationWithCount) {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    therapistUserId: row.therapistUserId,
    archivedAt: row.archivedAt,
    requireTwoFactor: row.requireTwoFactor,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    memberCount: row.memberCount ?? 0,
  };
}

export type OrganizationOutput = ReturnType<typeof toOrganization>;
