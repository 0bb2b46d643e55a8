import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patients')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'date')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // "first last" lower-cased behind one trigram index: users.list's patientName filter and
  // patients.list's search are one index scan each, whatever the number of patients.
  await sql`ALTER TABLE patients ADD COLUMN name_search text GENERATED ALWAYS AS (
    lower(first_name || ' ' || last_name)
  ) STORED`.execute(db);
  await sql`CREATE INDEX patients_name_search_trgm_idx ON patients USING gin (name_search gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX patients_org_name_id_idx ON patients (organization_id, name_search, id)`.execute(db);

  // Parents and their patients, many to many. The primary key serves "parents of a patient"
  // (the patientName filter joins from a matching patient to its parents); the second index
  // serves "patients of a user" (the User shape's `patients`, one query per page).
  await db.schema
    .createTable('patient_parents')
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patients.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('patient_parents_pkey', ['patient_id', 'user_id'])
    .execute();
  await sql`CREATE INDEX patient_parents_user_id_idx ON patient_parents (user_id, patient_id)`.execute(db);

  // A parent is linked only to patients of their own organisation: whatever moves a user
  // (users.update, profiles.upsert, a script) drops their links to the organisation they left.
  await sql`
    CREATE FUNCTION patient_parents_follow_organization() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM patient_parents pp
        USING patients p
        WHERE pp.patient_id = p.id
          AND pp.user_id = NEW.id
          AND p.organization_id IS DISTINCT FROM NEW.organization_id;
      RETURN NEW;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER users_unlink_patients_of_old_organization
      AFTER UPDATE OF organization_id ON users
      FOR EACH ROW
      WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id)
      EXECUTE FUNCTION patient_parents_follow_organization()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS users_unlink_patients_of_old_organization ON users`.execute(db);
  await sql`DROP FUNCTION IF EXISTS patient_parents_follow_organization()`.execute(db);
  await db.schema.dropTable('patient_parents').ifExists().execute();
  await db.schema.dropTable('patients').ifExists().execute();
}
