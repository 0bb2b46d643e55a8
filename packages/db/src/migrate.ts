import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import { migrations } from './migrations';
import type { Database } from './schema';

/**
 * Brings the schema up to date. Safe when several processes start at once: Postgres takes the
 * migrator's advisory lock; PGlite has a single connection. `available` is every migration of
 * this version (tests pass fewer).
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  available: Record<string, Migration> = migrations,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => available },
    // Migrations are written on parallel branches, each touching only its own tables and columns:
    // a database that already ran a later-dated one (a feature branch, a review app) must still
    // take an earlier-dated one that landed after it, rather than refuse to start.
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const why = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(failed ? `Migration ${failed} failed: ${why}` : `Migrating failed: ${why}`, {
      cause: result.error,
    });
  }
  return result;
}
