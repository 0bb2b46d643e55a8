import { type Kysely, sql } from 'kysely';

/**
 * Impersonation and security mails (issue 14, items 5 and 7):
 * - a session may be an impersonation: who opened it (`impersonator_id`) and why. Deleting the
 *   impersonator ends it (cascade).
 * - every audit event written during one names the impersonator too (no foreign key: the log
 *   keeps the id of a deleted user, as `actor_id` does).
 * - the devices each user has signed in from (SHA-256 of user agent + IP prefix), so a sign-in
 *   from one never seen before can be mailed about.
 * Frozen in time: never edit, add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sessions
    ADD COLUMN impersonator_id uuid NULL REFERENCES users(id) ON DELETE CASCADE,
    ADD COLUMN impersonation_reason text NULL`.execute(db);
  await sql`ALTER TABLE audit_events ADD COLUMN impersonator_id uuid NULL`.execute(db);
  await db.schema
    .createTable('known_devices')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('known_devices_pkey', ['user_id', 'fingerprint'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('known_devices').ifExists().execute();
  await sql`ALTER TABLE audit_events DROP COLUMN IF EXISTS impersonator_id`.execute(db);
  await sql`ALTER TABLE sessions
    DROP COLUMN IF EXISTS impersonator_id,
    DROP COLUMN IF EXISTS impersonation_reason`.execute(db);
}
