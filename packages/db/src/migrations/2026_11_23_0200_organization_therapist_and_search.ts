import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
export async function up(db: Kysely<any>): Promise<void> {
  // A therapist who is deleted for good leaves the organisation without one.
  await db.schema
    .alterTable('organizations')
    .addForeignKeyConstraint(
      'organizations_therapist_user_id_fkey',
      ['therapist_user_id'],
      'users',
      ['id'],
      (fk) => fk.onDelete('set null'),
    )
    .execute();
  await db.schema
    .createIndex('organizations_therapist_user_id_idx')
    .on('organizations')
    .column('therapist_user_id')
    .execute();
  await sql`CREATE INDEX organizations_name_trgm_idx ON organizations USING gin (name gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX organizations_name_id_idx ON organizations (name, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('organizations_name_id_idx').ifExists().execute();
  await db.schema.dropIndex('organizations_name_trgm_idx').ifExists().execute();
  await db.schema.dropIndex('organizations_therapist_user_id_idx').ifExists().execute();
  await db.schema
    .alterTable('organizations')
    .dropConstraint('organizations_therapist_user_id_fkey')
    .execute();
}
