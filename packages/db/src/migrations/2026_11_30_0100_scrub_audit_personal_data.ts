import { type Kysely, sql } from 'kysely';

/**
 * Earlier versions wrote the typed email and the user agent into audit metadata (failed sign-ins,
 * sign-ins, invitations). The log keeps ids only: remove those values from the rows already
 * written. There is no way back: `down` leaves the rows as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE audit_events
    SET metadata = metadata - 'email' - 'userAgent'
    WHERE metadata ?| array['email', 'userAgent']
  `.execute(db);
}

export async function down(): Promise<void> {}
