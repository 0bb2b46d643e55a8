import {
  isEffectivelyActive,
  isSuspensionLapsed,
  type Organization,
  shownStatus,
  type UserRow,
} from '@praxis/db';

export interface UserPresence {
  /** null: unknown, presence (Redis) could not be read. */
  isOnline: boolean | null;
  lastActivity: Date | null;
}

/** A patient of a parent, as the User shape lists it. */
export interface UserPatientSummary {
  id: string;
  firstName: string;
  lastName: string;
  active: boolean;
}

/**
 * The columns of `users` the User shape is built from. Lists read only these: not the password
 * hash, the search text nor the suspension's reason, which no list shows.
 */
export const USER_SHAPE_COLUMNS = [
  'id',
  'email',
  'username',
  'firstName',
  'lastName',
  'title',
  'phoneNumber',
  'dateOfBirth',
  'gender',
  'timezone',
  'imageUrl',
  'roles',
  'status',
  'archivedAt',
  'approvedAt',
  'suspendedUntil',
  'clinical',
  'npi',
  'tin',
  'company',
  'companyUrl',
  'registryId',
  'registryName',
  'providerSignature',
  'providerSignatureUrl',
  'primaryPracticeAddress',
  'physicianOnlyResults',
  'email2faEnabled',
  'firstTimeLogin',
  'organizationId',
  'locations',
  'providerIds',
  'lastActivity',
  'lastLoginAt',
  'emailConfirmedAt',
  'licenseAcceptedAt',
  'effectiveDate',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof UserRow)[];

/** A row holding what `toUser` reads. */
export type UserShapeRow = Pick<UserRow, (typeof USER_SHAPE_COLUMNS)[number]>;

const OFFLINE = (row: UserShapeRow): UserPresence => ({ isOnline: false, lastActivity: row.lastActivity });

/**
 * The User shape of the contract, built in this one place. Never a hash, token or code. `status`
 * is the account's own (a lapsed suspension shows as active); `isActive` is the one rule of
 * "effectively active", which also asks the organisation (its status and archive are not shown).
 */
export function toUser(
  row: UserShapeRow,
  organization: Pick<Organization, 'id' | 'name' | 'status' | 'archivedAt'> | null,
  presence: UserPresence = OFFLINE(row),
  now = new Date(),
  /** The parent's unarchived patients (empty for everyone else, and where a caller did not load them). */
  patients: readonly UserPatientSummary[] = [],
) {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    title: row.title,
    phoneNumber: row.phoneNumber,
    dateOfBirth: row.dateOfBirth,
    gender: row.gender,
    timezone: row.timezone,
    imageUrl: row.imageUrl,
    roles: row.roles,
    status: shownStatus(row, now),
    isActive: isEffectivelyActive(row, organization, now),
    archivedAt: row.archivedAt,
    approvedAt: row.approvedAt,
    suspendedUntil: isSuspensionLapsed(row, now) ? null : row.suspendedUntil,
    clinical: row.clinical,
    npi: row.npi,
    tin: row.tin,
    company: row.company,
    companyUrl: row.companyUrl,
    registryId: row.registryId,
    registryName: row.registryName,
    providerSignature: row.providerSignature,
    providerSignatureUrl: row.providerSignatureUrl,
    primaryPracticeAddress: row.primaryPracticeAddress,
    physicianOnlyResults: row.physicianOnlyResults,
    email2faEnabled: row.email2faEnabled,
    firstTimeLogin: row.firstTimeLogin,
    organizationId: row.organizationId,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    locations: row.locations,
    providerIds: row.providerIds,
    isOnline: presence.isOnline,
    lastActivity: presence.lastActivity ?? row.lastActivity,
    lastLoginAt: row.lastLoginAt,
    emailConfirmedAt: row.emailConfirmedAt,
    licenseAcceptedAt: row.licenseAcceptedAt,
    effectiveDate: row.effectiveDate,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    patients: patients.map((patient) => ({ ...patient })),
  };
}

export type User = ReturnType<typeof toUser>;
