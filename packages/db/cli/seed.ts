import { parseArgs } from 'node:util';
import { loadConfig } from '@praxis/config';
import { createDb, migrateToLatest } from '../src/index';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../src/seed/index';

// pnpm db:seed [--users N] [--orgs N]: the demo dataset into DATABASE_URL (or the embedded PGlite).
const { values } = parseArgs({
  options: { users: { type: 'string', default: '1000' }, orgs: { type: 'string', default: '20' } },
});
const users = Number(values.users?.replace(/[_,]/g, ''));
const organizations = Number(values.orgs);
if (
  !Number.isInteger(users) ||
  users < 0 ||
  users > 20_000_000 ||
  !Number.isInteger(organizations) ||
  organizations < 1 ||
  organizations > 1000
) {
  process.stderr.write('Usage: pnpm db:seed [--users N (0..20000000)] [--orgs N (1..1000)]\n');
  process.exit(2);
}

const config = loadConfig();
const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const interactive = process.stdout.isTTY;
try {
  await migrateToLatest(handle.db);
  process.stdout.write(`Seeding ${handle.location}\n`);
  const result = await seedDemo(handle.db, {
    users,
    organizations,
    onProgress: (line) => process.stdout.write(interactive ? `\r\u001b[2K${line}` : `${line}\n`),
  });
  if (interactive) process.stdout.write('\n');
  process.stdout.write(
    `Done in ${result.seconds}s: ${result.organizations} organisations, ${result.generatedUsers.toLocaleString('en')} generated users (${result.inserted.toLocaleString('en')} new).\n` +
      `Sign in with any of these, password "${DEMO_PASSWORD}":\n${DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(28)} ${a.roles.join(', ')}`).join('\n')}\n`,
  );
} finally {
  await handle.close();
}
