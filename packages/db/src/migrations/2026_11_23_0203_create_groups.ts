import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX groups_org_name_key ON groups (organization_id, lower(name))`.execute(db);
  await sql`CREATE INDEX groups_org_name_id_idx ON groups (organization_id, name, id)`.execute(db);

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('group_members_pkey', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user_id_idx').on('group_members').column('user_id').execute();

  // Members must belong to the group's organisation: whatever moves a user (users.update,
  // profiles.upsert, a script) drops their memberships in groups of the organisation they left.
  await sql`
    CREATE FUNCTION group_members_follow_organization() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM group_members gm
        USING groups g
        WHERE gm.group_id = g.id
          AND gm.user_id = NEW.id
          AND g.organization_id IS DISTINCT FROM NEW.organization_id;
      RETURN NEW;
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER users_leave_groups_of_old_organization
      AFTER UPDATE OF organization_id ON users
      FOR EACH ROW
      WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id)
      EXECUTE FUNCTION group_members_follow_organization()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS users_leave_groups_of_old_organization ON users`.execute(db);
  await sql`DROP FUNCTION IF EXISTS group_members_follow_organization()`.execute(db);
  await db.schema.dropTable('group_members').ifExists().execute();
  await db.schema.dropTable('groups').ifExists().execute();
}
