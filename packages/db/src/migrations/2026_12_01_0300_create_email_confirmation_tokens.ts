import { type Kysely, sql } from 'kysely';

/**
 * Self-service sign-up (auth.register): the single-use link that proves the address. The chosen
 * password's hash waits here and becomes the account's only when the link is used, so an account
 * registered with somebody else's address never gets a password its registrant knows.
 * Frozen in time: never edit, add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_confirmation_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('email_confirmation_tokens_user_id_idx')
    .on('email_confirmation_tokens')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_confirmation_tokens').ifExists().execute();
}
