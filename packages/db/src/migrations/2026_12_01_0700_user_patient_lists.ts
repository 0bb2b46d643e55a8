import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
//
// `user_patient_lists`: each parent's unarchived patients as the User shape lists them (a JSON
// array by name, then id), kept by triggers on `patient_parents` and `patients` in the same
// statement as every write, so it is never behind. A page of users reads one row per user by
// primary key where it ran a join and an ordered aggregate per user (at 100k users that was
// half of a page's Postgres time).
//
// Concurrent writes for one parent must not leave a list without the other's patient: under READ
// COMMITTED each would compute its list without the other's uncommitted link. So a refresh first
// locks the parent's row here (creating it when missing; an insert racing it waits for the
// first to commit), and only then computes the list, in a statement whose snapshot sees every
// link committed before the lock was granted. A parent whose patients are all gone keeps a row
// with an empty list: deleting it would free the lock a concurrent refresh may be waiting on.
const PATIENTS = `json_agg(json_build_object('id', p.id, 'firstName', p.first_name,
      'lastName', p.last_name, 'active', p.active) order by p.name_search, p.id)`;

/** The lists of the users in the relation `asked(id)` (distinct ids), with or without patients. */
const LISTS_OF_ASKED = `select asked.id as user_id, coalesce(found.patients, '[]'::json) as patients
  from asked left join (
    select pp.user_id, ${PATIENTS} as patients
    from patient_parents pp join patients p on p.id = pp.patient_id
    where pp.user_id in (select id from asked) and p.archived_at is null
    group by pp.user_id) as found on found.user_id = asked.id`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE user_patient_lists (
    user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    patients json NOT NULL DEFAULT '[]'::json
  )`.execute(db);

  // Set-based, and planned for each call's ids: the demo seed links 380,000 parents in one
  // statement (read by index one parent at a time, that took more than 5 minutes at 1M users),
  // where a link in the app refreshes one parent, for which the planner picks the indexes.
  // The callers give distinct ids.
  await sql
    .raw(`CREATE FUNCTION user_patient_lists_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  -- Users deleted in this statement (a cascade from users) have nothing left to list.
  INSERT INTO user_patient_lists (user_id)
    SELECT u.id FROM unnest(ids) AS asked(id) JOIN users u ON u.id = asked.id ORDER BY u.id
    ON CONFLICT (user_id) DO NOTHING;
  PERFORM 1 FROM user_patient_lists l JOIN unnest(ids) AS asked(id) ON l.user_id = asked.id
    ORDER BY l.user_id FOR UPDATE OF l;
  WITH asked AS (SELECT id FROM unnest(ids) AS id), lists AS (${LISTS_OF_ASKED})
  UPDATE user_patient_lists AS l SET patients = lists.patients FROM lists WHERE l.user_id = lists.user_id;
END $$`)
    .execute(db);
  await sql`CREATE FUNCTION user_patient_lists_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM user_patient_lists_refresh(array(SELECT DISTINCT user_id FROM new_links));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM user_patient_lists_refresh(array(SELECT DISTINCT user_id FROM old_links));
  ELSE
    PERFORM user_patient_lists_refresh(
      array(SELECT user_id FROM new_links UNION SELECT user_id FROM old_links));
  END IF;
  RETURN NULL;
END $$`.execute(db);
  await sql`CREATE FUNCTION user_patient_lists_on_patient_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM user_patient_lists_refresh(array(
    SELECT DISTINCT pp.user_id
      FROM new_patients n JOIN old_patients o ON o.id = n.id
      JOIN patient_parents pp ON pp.patient_id = n.id
     WHERE (n.first_name, n.last_name, n.active, n.archived_at IS NULL)
           IS DISTINCT FROM (o.first_name, o.last_name, o.active, o.archived_at IS NULL)));
  RETURN NULL;
END $$`.execute(db);
  await sql`CREATE FUNCTION user_patient_lists_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE user_patient_lists SET patients = '[]'::json WHERE patients::text <> '[]';
  RETURN NULL;
END $$`.execute(db);

  await sql`CREATE TRIGGER user_patient_lists_link AFTER INSERT ON patient_parents
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION user_patient_lists_on_link()`.execute(db);
  await sql`CREATE TRIGGER user_patient_lists_unlink AFTER DELETE ON patient_parents
    REFERENCING OLD TABLE AS old_links
    FOR EACH STATEMENT EXECUTE FUNCTION user_patient_lists_on_link()`.execute(db);
  await sql`CREATE TRIGGER user_patient_lists_relink AFTER UPDATE ON patient_parents
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION user_patient_lists_on_link()`.execute(db);
  await sql`CREATE TRIGGER user_patient_lists_patient AFTER UPDATE ON patients
    REFERENCING OLD TABLE AS old_patients NEW TABLE AS new_patients
    FOR EACH STATEMENT EXECUTE FUNCTION user_patient_lists_on_patient_update()`.execute(db);
  await sql`CREATE TRIGGER user_patient_lists_truncate AFTER TRUNCATE ON patient_parents
    FOR EACH STATEMENT EXECUTE FUNCTION user_patient_lists_on_truncate()`.execute(db);

  await sql
    .raw(`WITH asked AS (SELECT DISTINCT user_id AS id FROM patient_parents)
    INSERT INTO user_patient_lists (user_id, patients) ${LISTS_OF_ASKED}`)
    .execute(db);
  await sql`ANALYZE user_patient_lists`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [trigger, table] of [
    ['link', 'patient_parents'],
    ['unlink', 'patient_parents'],
    ['relink', 'patient_parents'],
    ['patient', 'patients'],
    ['truncate', 'patient_parents'],
  ]) {
    await sql.raw(`DROP TRIGGER IF EXISTS user_patient_lists_${trigger} ON ${table}`).execute(db);
  }
  for (const fn of ['on_link()', 'on_patient_update()', 'on_truncate()', 'refresh(uuid[])']) {
    await sql.raw(`DROP FUNCTION IF EXISTS user_patient_lists_${fn}`).execute(db);
  }
  await sql`DROP TABLE IF EXISTS user_patient_lists`.execute(db);
}
