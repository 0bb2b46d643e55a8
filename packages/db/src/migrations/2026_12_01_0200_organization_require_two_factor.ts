import { type Kysely, sql } from 'kysely';

/**
 * Enforced 2FA: an organisation may require every member to have a second factor before they
 * can do anything but enrol. Off by default. Frozen in time: never edit, add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE organizations ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE organizations DROP COLUMN IF EXISTS require_two_factor`.execute(db);
}
