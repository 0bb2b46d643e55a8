import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status IN ('active','inactive')`),
    )
    .addColumn('therapist_user_id', 'uuid')
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn('username', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text')
    .addColumn('phone_number', 'text')
    .addColumn('date_of_birth', 'date')
    .addColumn('gender', 'text')
    .addColumn('timezone', 'text')
    .addColumn('image_url', 'text')
    .addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status IN ('pending','active','inactive','suspended')`),
    )
    .addColumn('archived_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('suspended_until', 'timestamptz')
    .addColumn('suspension_reason', 'text')
    .addColumn('clinical', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('npi', 'text')
    .addColumn('tin', 'text')
    .addColumn('company', 'text')
    .addColumn('company_url', 'text')
    .addColumn('registry_id', 'text')
    .addColumn('registry_name', 'text')
    .addColumn('provider_signature', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('provider_signature_url', 'text')
    .addColumn('primary_practice_address', 'text')
    .addColumn('physician_only_results', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('email_2fa_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('first_time_login', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('organization_id', 'uuid', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('locations', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('provider_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('last_activity', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db);
  await sql`CREATE UNIQUE INDEX users_username_key ON users (lower(username)) WHERE username IS NOT NULL`.execute(
    db,
  );
  await db.schema.createIndex('users_organization_id_idx').on('users').column('organization_id').execute();
  // One lower-cased text over every searchable field ("first last" stays contiguous) behind one
  // trigram index, so a substring search is a single index scan.
  await sql`ALTER TABLE users ADD COLUMN search_text text GENERATED ALWAYS AS (
    lower(email || ' ' || coalesce(username, '') || ' ' || first_name || ' ' || last_name)
  ) STORED`.execute(db);
  await sql`CREATE INDEX users_search_text_trgm_idx ON users USING gin (search_text gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX users_created_at_idx ON users (created_at DESC, id DESC)`.execute(db);
  await db.schema.createIndex('users_roles_idx').on('users').using('gin').column('roles').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('two_factor_challenges')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consumed_at', 'timestamptz')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('two_factor_challenges_user_id_idx')
    .on('two_factor_challenges')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose IN ('reset','set_password')`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('password_reset_tokens_user_id_idx')
    .on('password_reset_tokens')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('actor_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'uuid')
    .addColumn('organization_id', 'uuid')
    .addColumn('ip', 'text')
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX audit_events_created_at_idx ON audit_events (created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX audit_events_org_created_idx ON audit_events (organization_id, created_at DESC)`.execute(
    db,
  );
  await db.schema.createIndex('audit_events_actor_id_idx').on('audit_events').column('actor_id').execute();
  await db.schema.createIndex('audit_events_target_id_idx').on('audit_events').column('target_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_events',
    'password_reset_tokens',
    'two_factor_challenges',
    'sessions',
    'users',
    'organizations',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
