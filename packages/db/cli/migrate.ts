import { loadConfig } from '@praxis/config';
import { createDb, describeConnectionError, isDatabaseUnavailableError, migrateToLatest } from '../src/index';

const config = loadConfig();
const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const result = await migrateToLatest(handle.db);
  const applied = result.results?.map((r) => r.migrationName) ?? [];
  process.stdout.write(
    applied.length
      ? `Applied to ${handle.location}:\n  ${applied.join('\n  ')}\n`
      : `${handle.location} is up to date\n`,
  );
} catch (error) {
  if (!isDatabaseUnavailableError(error)) throw error;
  process.stderr.write(
    `Postgres at ${handle.location} is unreachable (${describeConnectionError(error)}). Start it, or fix DATABASE_URL.\n`,
  );
  process.exitCode = 1;
} finally {
  await handle.close();
}
