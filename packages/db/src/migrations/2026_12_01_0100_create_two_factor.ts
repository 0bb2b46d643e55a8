import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per user with an authenticator app, on or being enrolled. Secrets are AES-256-GCM
  // ciphertexts (key derived from SECRETS_KEY), never plain base32.
  await db.schema
    .createTable('totp_credentials')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_encrypted', 'text')
    .addColumn('enabled_at', 'timestamptz')
    // The last RFC 6238 time step accepted: a code of this step or an earlier one is refused.
    .addColumn('last_used_step', 'integer')
    // An enrolment waiting for its first code; a new enroll replaces it, confirm promotes it.
    .addColumn('pending_secret_encrypted', 'text')
    .addColumn('pending_created_at', 'timestamptz')
    .addColumn('pending_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'totp_credentials_enabled_has_secret',
      sql`(secret_encrypted IS NULL) = (enabled_at IS NULL)`,
    )
    .execute();

  // Single-use backup codes, stored as HMAC-SHA-256 of the normalised code.
  await db.schema
    .createTable('backup_codes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('backup_codes_user_hash_key', ['user_id', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backup_codes').ifExists().execute();
  await db.schema.dropTable('totp_credentials').ifExists().execute();
}
