import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
//
// The change feed of 0600 grows to cover everything a page of users.list shows, so that a
// process may keep a first page and know, from the feed alone, when a write anywhere has
// changed it (users.first-pages):
// - a write to any column of `users` stamps the user's `user_search` row (before, only the
//   columns lists filter and sort by did): a new phone number is a change of the page too;
// - `user_list_changes` records, by the transaction that made them, the organisations written
//   (a page shows their names, and whether their members are active) and the users whose
//   patient list was rewritten. A statement that rewrites more than 1,000 lists (the seed, a
//   truncate) leaves one row with a null id: every list changed. Rows are kept a day, as the
//   tombstones of 0600 are;
// - `user_search.listed_xid` is the transaction that last put the user on the unarchived list or
//   took them off it (created, archived, restored): where a page's total is an exact count, only
//   such a write (or a deletion) changes it, not the many that only move a last activity.
const CHANGE_HORIZON = `DELETE FROM user_list_changes WHERE changed_at < clock_timestamp() - interval '1 day'`;

const LISTED = `organization_id, created_at, archived_at, suspended_until, email_confirmed_at, last_activity,
  last_login_at, effective_date, clinical, status, roles, email, first_name, last_name, search_text`;
const listed = (alias: string) =>
  LISTED.split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');

/** The trigger function copying the listed columns of the users `changed` (a condition on n, o). */
const onUsersUpdate = (changed: string) =>
  sql.raw(`CREATE OR REPLACE FUNCTION user_search_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE user_search AS s
     SET (${LISTED}) = (${listed('n')})
    FROM new_users AS n JOIN old_users AS o ON o.id = n.id
   WHERE s.id = n.id AND ${changed};
  RETURN NULL;
END $$`);

/** 0600's stamp of every written `user_search` row, and with `withListed` that of a (un)archive. */
const stampFunction = (withListed: boolean) =>
  sql.raw(`CREATE OR REPLACE FUNCTION user_search_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_xid := pg_current_xact_id();${
    withListed
      ? `
  IF (OLD.archived_at IS NULL) IS DISTINCT FROM (NEW.archived_at IS NULL) THEN
    NEW.listed_xid := pg_current_xact_id();
  END IF;`
      : ''
  }
  RETURN NEW;
END $$`);

// Name, event, table, transition table, function (user_list_changes_of_…).
const TRIGGERS = [
  ['organization_update', 'UPDATE', 'organizations', 'new', 'organizations'],
  ['organization_delete', 'DELETE', 'organizations', 'old', 'organizations'],
  ['patients_insert', 'INSERT', 'user_patient_lists', 'new', 'patient_lists'],
  ['patients_update', 'UPDATE', 'user_patient_lists', 'new', 'patient_lists'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // `*<>` compares the rows' stored images, so it needs no equality operator for any column
  // type (a json column added later included).
  await onUsersUpdate('n *<> o').execute(db);
  // No default while the column is added (that would rewrite the table): existing users were
  // listed long before any process reads the feed.
  await sql`ALTER TABLE user_search ADD COLUMN listed_xid xid8`.execute(db);
  await sql`ALTER TABLE user_search ALTER COLUMN listed_xid SET DEFAULT pg_current_xact_id()`.execute(db);
  await stampFunction(true).execute(db);

  await sql`CREATE TABLE user_list_changes (
    kind text NOT NULL CHECK (kind IN ('organization', 'patients')),
    id uuid,
    changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
  )`.execute(db);
  await sql`CREATE INDEX user_list_changes_xid_idx ON user_list_changes (changed_xid)`.execute(db);
  await sql`CREATE INDEX user_list_changes_at_idx ON user_list_changes (changed_at)`.execute(db);

  await sql
    .raw(`CREATE FUNCTION user_list_changes_of_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO user_list_changes (kind, id) SELECT 'organization', id FROM old_rows;
  ELSE
    INSERT INTO user_list_changes (kind, id) SELECT 'organization', id FROM new_rows;
  END IF;
  ${CHANGE_HORIZON};
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION user_list_changes_of_patient_lists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM (SELECT FROM new_rows LIMIT 1001) AS many) > 1000 THEN
    INSERT INTO user_list_changes (kind, id) VALUES ('patients', NULL);
  ELSE
    INSERT INTO user_list_changes (kind, id) SELECT 'patients', user_id FROM new_rows;
  END IF;
  ${CHANGE_HORIZON};
  RETURN NULL;
END $$`)
    .execute(db);

  for (const [name, event, table, rows, fn] of TRIGGERS) {
    await sql
      .raw(`CREATE TRIGGER user_list_changes_${name} AFTER ${event} ON ${table}
    REFERENCING ${rows === 'old' ? 'OLD TABLE AS old_rows' : 'NEW TABLE AS new_rows'}
    FOR EACH STATEMENT EXECUTE FUNCTION user_list_changes_of_${fn}()`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, , table] of TRIGGERS) {
    await sql.raw(`DROP TRIGGER IF EXISTS user_list_changes_${name} ON ${table}`).execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS user_list_changes_of_organizations()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS user_list_changes_of_patient_lists()`.execute(db);
  await sql`DROP TABLE IF EXISTS user_list_changes`.execute(db);
  await stampFunction(false).execute(db);
  await sql`ALTER TABLE user_search DROP COLUMN IF EXISTS listed_xid`.execute(db);
  await onUsersUpdate(`(${listed('n')}) IS DISTINCT FROM (${listed('o')})`).execute(db);
}
