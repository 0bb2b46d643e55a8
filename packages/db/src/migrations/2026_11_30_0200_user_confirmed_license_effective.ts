import { type Kysely, sql } from 'kysely';

/**
 * Seed fields: when the email address was proven (any mailed link or code completed), when the
 * user accepted the license agreement, and the UTC calendar date from which the account may sign
 * in. All nullable: null means never confirmed, never accepted, effective from the start.
 * Frozen in time: never edit, add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users
    ADD COLUMN email_confirmed_at timestamptz NULL,
    ADD COLUMN license_accepted_at timestamptz NULL,
    ADD COLUMN effective_date date NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users
    DROP COLUMN IF EXISTS email_confirmed_at,
    DROP COLUMN IF EXISTS license_accepted_at,
    DROP COLUMN IF EXISTS effective_date`.execute(db);
}
