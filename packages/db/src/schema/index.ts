import type { Kysely, Transaction } from 'kysely';
import type { AuditEventsTable } from './audit-events';
import type { GroupMembersTable, GroupsTable } from './groups';
import type { InvitationsTable } from './invitations';
import type {
  EmailConfirmationTokensTable,
  PasswordResetTokensTable,
  TwoFactorChallengesTable,
} from './one-time-secrets';
import type { OrganizationsTable } from './organizations';
import type { PatientParentsTable, PatientsTable, UserPatientListsTable } from './patients';
import type { PracticeProfilesTable, UserAddressesTable } from './practice-profiles';
import type { KnownDevicesTable, SessionsTable } from './sessions';
import type { BackupCodesTable, TotpCredentialsTable } from './two-factor';
import type { UserListChangesTable, UserSearchRemovedTable, UserSearchTable, UsersTable } from './users';

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  /** The narrow copy of the listed user columns, kept by triggers on `users` (read-only here). */
  userSearch: UserSearchTable;
  /** Rows deleted from `user_search`, kept a day for the in-memory search indexes (trigger-written). */
  userSearchRemoved: UserSearchRemovedTable;
  /** Organisations and patient lists written, kept a day for the cached first pages of users.list. */
  userListChanges: UserListChangesTable;
  sessions: SessionsTable;
  knownDevices: KnownDevicesTable;
  twoFactorChallenges: TwoFactorChallengesTable;
  passwordResetTokens: PasswordResetTokensTable;
  emailConfirmationTokens: EmailConfirmationTokensTable;
  auditEvents: AuditEventsTable;
  practiceProfiles: PracticeProfilesTable;
  userAddresses: UserAddressesTable;
  invitations: InvitationsTable;
  groups: GroupsTable;
  groupMembers: GroupMembersTable;
  patients: PatientsTable;
  patientParents: PatientParentsTable;
  /** Each parent's patients as the User shape lists them, kept by triggers (read-only here). */
  userPatientLists: UserPatientListsTable;
  totpCredentials: TotpCredentialsTable;
  backupCodes: BackupCodesTable;
}

export type Db = Kysely<Database>;
export type Executor = Db | Transaction<Database>;

export * from './audit-events';
export * from './groups';
export * from './invitations';
export * from './one-time-secrets';
export * from './organizations';
export * from './patients';
export * from './practice-profiles';
export * from './sessions';
export * from './two-factor';
export * from './users';
