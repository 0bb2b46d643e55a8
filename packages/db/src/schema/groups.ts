import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface GroupsTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  description: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export type GroupRow = Selectable<GroupsTable>;
export type NewGroup = Insertable<GroupsTable>;
export type GroupUpdate = Updateable<GroupsTable>;

/** A user in a group; a database trigger drops the row when the user leaves the group's organisation. */
export interface GroupMembersTable {
  groupId: string;
  userId: string;
  addedAt: Generated<Date>;
}

export type GroupMemberRow = Selectable<GroupMembersTable>;
