import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
//
// A change feed of `user_search`, for the search index each server process holds in memory
// (users.search-sync): every row carries the id of the transaction that last wrote it
// (`changed_xid`), and rows deleted from it leave a tombstone in `user_search_removed` (a
// truncate leaves one with a null id). A process reads what the transactions its last read
// could not see have written (those from its snapshot's xmax on, and those running then):
// transactions commit out of order, so a plain sequence would skip a write that commits after a
// later one was read.
// Tombstones are kept a day; a process that read nothing for half of that rebuilds instead.
export async function up(db: Kysely<any>): Promise<void> {
  // No default while existing rows are filled in: they are read whole when an index is built.
  await sql`ALTER TABLE user_search ADD COLUMN changed_xid xid8`.execute(db);
  await sql`ALTER TABLE user_search ALTER COLUMN changed_xid SET DEFAULT pg_current_xact_id()`.execute(db);
  await sql`CREATE INDEX user_search_changed_idx ON user_search (changed_xid)`.execute(db);
  await sql`CREATE FUNCTION user_search_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_xid := pg_current_xact_id();
  RETURN NEW;
END $$`.execute(db);
  await sql`CREATE TRIGGER user_search_stamp BEFORE UPDATE ON user_search
    FOR EACH ROW EXECUTE FUNCTION user_search_stamp()`.execute(db);

  await sql`CREATE TABLE user_search_removed (
    id uuid,
    removed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    removed_at timestamptz NOT NULL DEFAULT clock_timestamp()
  )`.execute(db);
  await sql`CREATE INDEX user_search_removed_xid_idx ON user_search_removed (removed_xid)`.execute(db);
  await sql`CREATE INDEX user_search_removed_at_idx ON user_search_removed (removed_at)`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION user_search_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM user_search AS s USING old_users AS o WHERE s.id = o.id;
  INSERT INTO user_search_removed (id) SELECT id FROM old_users;
  DELETE FROM user_search_removed WHERE removed_at < clock_timestamp() - interval '1 day';
  RETURN NULL;
END $$`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION user_search_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE user_search;
  INSERT INTO user_search_removed (id) VALUES (NULL);
  RETURN NULL;
END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION user_search_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM user_search AS s USING old_users AS o WHERE s.id = o.id;
  RETURN NULL;
END $$`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION user_search_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE user_search;
  RETURN NULL;
END $$`.execute(db);
  await sql`DROP TABLE IF EXISTS user_search_removed`.execute(db);
  await sql`DROP TRIGGER IF EXISTS user_search_stamp ON user_search`.execute(db);
  await sql`DROP FUNCTION IF EXISTS user_search_stamp()`.execute(db);
  await sql`ALTER TABLE user_search DROP COLUMN IF EXISTS changed_xid`.execute(db);
}
