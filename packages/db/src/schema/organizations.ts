import type { ORGANIZATION_STATUS_VALUES } from '@praxis/validators';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export type OrganizationStatus = (typeof ORGANIZATION_STATUS_VALUES)[number];

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  status: ColumnType<OrganizationStatus, OrganizationStatus | undefined, OrganizationStatus>;
  therapistUserId: string | null;
  archivedAt: NullableTimestamp;
  /** Members must have a second factor before they may do anything but enrol. */
  requireTwoFactor: Generated<boolean>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
