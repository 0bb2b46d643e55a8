import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
//
// `user_search`: a narrow copy of the users columns that users.list filters, searches and sorts
// by (no password hash, profile, NPI, addresses…), one row per user, kept by triggers on `users`
// in the same statement as every write (insert, update, delete, truncate), so it can never be
// behind. Lists find and count their ids here and read the wide `users` rows only for the page
// shown: at 1M users the narrow heap is about a third of the wide one, so the exact count of a
// search with ~9,600 matches reads a third of the bytes.
//
// The triggers are statement-level with transition tables: a bulk insert of 50,000 users (the
// seed) is one INSERT … SELECT here, not 50,000 trigger calls. An update rewrites the copy only
// for rows whose listed columns changed.
//
// The list indexes move from `users` to `user_search`: `users` no longer carries the trigram
// index or the per-sort partial indexes, so its own writes got cheaper.
const COLUMNS = sql.raw(`id, organization_id, created_at, archived_at, suspended_until, email_confirmed_at,
  last_activity, last_login_at, effective_date, clinical, status, roles, email, first_name, last_name,
  search_text`);

const LISTED = `organization_id, created_at, archived_at, suspended_until, email_confirmed_at, last_activity,
  last_login_at, effective_date, clinical, status, roles, email, first_name, last_name, search_text`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE user_search (
    id uuid PRIMARY KEY,
    organization_id uuid,
    created_at timestamptz NOT NULL,
    archived_at timestamptz,
    suspended_until timestamptz,
    email_confirmed_at timestamptz,
    last_activity timestamptz,
    last_login_at timestamptz,
    effective_date date,
    clinical boolean NOT NULL,
    status text NOT NULL,
    roles text[] NOT NULL,
    email text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    search_text text NOT NULL
  )`.execute(db);
  await sql`INSERT INTO user_search (${COLUMNS}) SELECT ${COLUMNS} FROM users`.execute(db);

  await sql
    .raw(`CREATE FUNCTION user_search_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_search (id, ${LISTED}) SELECT id, ${LISTED} FROM new_users;
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION user_search_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE user_search AS s
     SET (${LISTED}) = (${LISTED.split(',')
       .map((column) => `n.${column.trim()}`)
       .join(', ')})
    FROM new_users AS n JOIN old_users AS o ON o.id = n.id
   WHERE s.id = n.id
     AND (${LISTED.split(',')
       .map((column) => `n.${column.trim()}`)
       .join(', ')}) IS DISTINCT FROM (${LISTED.split(',')
       .map((column) => `o.${column.trim()}`)
       .join(', ')});
  RETURN NULL;
END $$`)
    .execute(db);
  await sql`CREATE FUNCTION user_search_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM user_search AS s USING old_users AS o WHERE s.id = o.id;
  RETURN NULL;
END $$`.execute(db);
  await sql`CREATE FUNCTION user_search_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE user_search;
  RETURN NULL;
END $$`.execute(db);
  await sql`CREATE TRIGGER user_search_insert AFTER INSERT ON users REFERENCING NEW TABLE AS new_users
    FOR EACH STATEMENT EXECUTE FUNCTION user_search_on_insert()`.execute(db);
  await sql`CREATE TRIGGER user_search_update AFTER UPDATE ON users
    REFERENCING OLD TABLE AS old_users NEW TABLE AS new_users
    FOR EACH STATEMENT EXECUTE FUNCTION user_search_on_update()`.execute(db);
  await sql`CREATE TRIGGER user_search_delete AFTER DELETE ON users REFERENCING OLD TABLE AS old_users
    FOR EACH STATEMENT EXECUTE FUNCTION user_search_on_delete()`.execute(db);
  await sql`CREATE TRIGGER user_search_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION user_search_on_truncate()`.execute(db);

  // The list's indexes, now over the narrow rows (same shapes as migrations 0100 and 0300).
  const unarchived = sql`WHERE archived_at IS NULL`;
  await sql`CREATE INDEX user_search_text_roles_idx ON user_search
    USING gin (search_text gin_trgm_ops, roles)`.execute(db);
  await sql`CREATE INDEX user_search_created_idx ON user_search (created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX user_search_list_created_idx ON user_search (created_at DESC, id DESC) ${unarchived}`.execute(
    db,
  );
  await sql`CREATE INDEX user_search_list_email_idx ON user_search (email, id) ${unarchived}`.execute(db);
  await sql`CREATE INDEX user_search_list_first_name_idx ON user_search (first_name, id) ${unarchived}`.execute(
    db,
  );
  await sql`CREATE INDEX user_search_list_last_name_idx ON user_search (last_name, id) ${unarchived}`.execute(
    db,
  );
  await sql`CREATE INDEX user_search_list_last_activity_idx
    ON user_search ((coalesce(last_activity, '-infinity'::timestamptz)) DESC, id DESC) ${unarchived}`.execute(
    db,
  );
  await sql`CREATE INDEX user_search_list_last_login_idx
    ON user_search ((coalesce(last_login_at, '-infinity'::timestamptz)) DESC, id DESC) ${unarchived}`.execute(
    db,
  );
  await sql`CREATE INDEX user_search_organization_idx ON user_search (organization_id, created_at DESC, id DESC)`.execute(
    db,
  );
  await sql`ALTER TABLE user_search ALTER COLUMN search_text SET STATISTICS 1000`.execute(db);

  for (const index of [
    'users_search_roles_idx',
    'users_list_created_idx',
    'users_list_email_idx',
    'users_list_first_name_idx',
    'users_list_last_name_idx',
    'users_list_last_activity_idx',
    'users_list_last_login_idx',
  ]) {
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
  }
  await sql`ANALYZE user_search`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const unarchived = sql`WHERE archived_at IS NULL`;
  await sql`CREATE INDEX users_search_roles_idx ON users USING gin (search_text gin_trgm_ops, roles)`.execute(
    db,
  );
  await sql`CREATE INDEX users_list_created_idx ON users (created_at DESC, id DESC) ${unarchived}`.execute(
    db,
  );
  await sql`CREATE INDEX users_list_email_idx ON users (email, id) ${unarchived}`.execute(db);
  await sql`CREATE INDEX users_list_first_name_idx ON users (first_name, id) ${unarchived}`.execute(db);
  await sql`CREATE INDEX users_list_last_name_idx ON users (last_name, id) ${unarchived}`.execute(db);
  await sql`CREATE INDEX users_list_last_activity_idx
    ON users ((coalesce(last_activity, '-infinity'::timestamptz)) DESC, id DESC) ${unarchived}`.execute(db);
  await sql`CREATE INDEX users_list_last_login_idx
    ON users ((coalesce(last_login_at, '-infinity'::timestamptz)) DESC, id DESC) ${unarchived}`.execute(db);
  for (const trigger of ['insert', 'update', 'delete', 'truncate']) {
    await sql.raw(`DROP TRIGGER IF EXISTS user_search_${trigger} ON users`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS user_search_on_${trigger}()`).execute(db);
  }
  await sql`DROP TABLE IF EXISTS user_search`.execute(db);
}
