import type { Generated, Selectable } from 'kysely';
import type { NullableTimestamp } from './organizations';

export interface TwoFactorChallengesTable {
  id: Generated<string>;
  userId: string;
  codeHash: string;
  expiresAt: Date;
  attempts: Generated<number>;
  consumedAt: NullableTimestamp;
  ip: string | null;
  userAgent: string | null;
  createdAt: Generated<Date>;
}

export type TwoFactorChallenge = Selectable<TwoFactorChallengesTable>;

export const PASSWORD_TOKEN_PURPOSES = ['reset', 'set_password'] as const;
export type PasswordTokenPurpose = (typeof PASSWORD_TOKEN_PURPOSES)[number];

export interface PasswordResetTokensTable {
  id: Generated<string>;
  userId: string;
  /** SHA-256 (hex) of the emailed token. */
  tokenHash: string;
  purpose: PasswordTokenPurpose;
  expiresAt: Date;
  usedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export type PasswordResetToken = Selectable<PasswordResetTokensTable>;

/** The link of a self-service sign-up (auth.register → auth.confirmEmail). */
export interface EmailConfirmationTokensTable {
  id: Generated<string>;
  userId: string;
  /** SHA-256 (hex) of the emailed token. */
  tokenHash: string;
  /** The password chosen at sign-up; it becomes the account's when the link is used. */
  passwordHash: string;
  expiresAt: Date;
  usedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}
