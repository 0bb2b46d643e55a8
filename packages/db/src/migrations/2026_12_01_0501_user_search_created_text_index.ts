import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
//
// The default order of users.list (newest first) with the search text in the index itself: a
// search's page walks this index and tests each entry's text without visiting the table (an
// index-only scan with the LIKE as its filter). At 100k users the page of "brow" read 1,652
// blocks (one table visit per entry walked past, 1,494 of them); through this index it reads 25.
// The thin `user_search_list_created_idx` stays for the whole list and deep offsets, where
// smaller entries mean fewer pages to skip.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX user_search_list_created_text_idx ON user_search (created_at DESC, id DESC)
    INCLUDE (search_text) WHERE archived_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS user_search_list_created_text_idx`.execute(db);
}
