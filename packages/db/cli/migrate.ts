import { loadConfig } from '@praxis/config';
import { createDb, migrateToLatest } from '../src/index';

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
} finally {
  await handle.close();
}
