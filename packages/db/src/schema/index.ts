import type { Kysely, Transaction } from 'kysely';
import type { AuditEventsTable } from './audit-events';
import type { PasswordResetTokensTable, TwoFactorChallengesTable } from './one-time-secrets';
import type { OrganizationsTable } from './organizations';
import type { SessionsTable } from './sessions';
import type { UsersTable } from './users';

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  twoFactorChallenges: TwoFactorChallengesTable;
  passwordResetTokens: PasswordResetTokensTable;
  auditEvents: AuditEventsTable;
}

export type Db = Kysely<Database>;
export type Executor = Db | Transaction<Database>;

export * from './audit-events';
export * from './one-time-secrets';
export * from './organizations';
export * from './sessions';
export * from './users';
