import { type Kysely, sql } from 'kysely';

// Roles are a set stored as text[]; the database refuses any name outside the contract's list.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD CONSTRAINT users_roles_known CHECK (
    roles <@ ARRAY['admin','client_admin','supervisor','provider','staff','support','billing','parent']::text[]
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_roles_known`.execute(db);
}
