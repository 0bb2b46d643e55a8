import type { Generated, Selectable } from 'kysely';
import type { NullableTimestamp } from './organizations';

export interface TotpCredentialsTable {
  userId: string;
  /** AES-256-GCM ciphertext of the active secret; null while only an enrolment is pending. */
  secretEncrypted: string | null;
  enabledAt: NullableTimestamp;
  /** The last time step accepted; codes of this step or earlier are refused. */
  lastUsedStep: number | null;
  pendingSecretEncrypted: string | null;
  pendingCreatedAt: NullableTimestamp;
  pendingAttempts: Generated<number>;
  updatedAt: Generated<Date>;
}

export type TotpCredential = Selectable<TotpCredentialsTable>;

export interface BackupCodesTable {
  id: Generated<string>;
  userId: string;
  /** HMAC-SHA-256 (hex) of the normalised code. */
  codeHash: string;
  usedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}
