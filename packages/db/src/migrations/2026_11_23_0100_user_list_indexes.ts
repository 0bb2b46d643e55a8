import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
// Indexes behind users.list. The list hides archived users unless asked, so each sort field has a
// partial index over unarchived users, in the order the list reads it; every sort ends on id, so a
// keyset page is one index range at any depth. Never-seen activity sorts as the oldest
// ('-infinity'), which keeps the keyset condition a single row comparison. Archived users (a small
// share) are listed through the full created_at index of the core migration.
export async function up(db: Kysely<any>): Promise<void> {
  const unarchived = sql`WHERE archived_at IS NULL`;
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
  // Finer statistics for the substring search, so its row estimates (the `total` beyond 10,000
  // and the planner's choice between the trigram index and a sorted index walk) hold up.
  await sql`ALTER TABLE users ALTER COLUMN search_text SET STATISTICS 1000`.execute(db);
  await sql`CREATE INDEX audit_events_action_created_idx ON audit_events (action, created_at DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'users_list_created_idx',
    'users_list_email_idx',
    'users_list_first_name_idx',
    'users_list_last_name_idx',
    'users_list_last_activity_idx',
    'users_list_last_login_idx',
    'audit_events_action_created_idx',
  ]) {
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
  }
  await sql`ALTER TABLE users ALTER COLUMN search_text SET STATISTICS -1`.execute(db);
}
