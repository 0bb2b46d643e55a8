#!/usr/bin/env node
// Prints the gzipped JavaScript the first screen (/sign-in) loads, from the Vite manifest of the
// last build, and checks that no server code reached the bundle. Run after `vite build`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifestFile = join(dist, '.vite/manifest.json');
if (!existsSync(manifestFile)) {
  process.stderr.write('No build: run `pnpm --filter @praxis/web build` first.\n');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
/** The first screen's budget (issue 11): JavaScript under 200 KB gzipped. */
const BUDGET_KB = 200;

/** A chunk and everything it imports statically: what the browser fetches for it. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const signIn = Object.keys(manifest).filter((key) => /routes\/sign-in\.tsx/.test(key));
const keys = new Set([...closure(entry), ...signIn.flatMap((key) => [...closure(key)])]);

const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
let raw = 0;
let gzip = 0;
const rows = [...keys].map((key) => {
  const file = manifest[key].file;
  const bytes = readFileSync(join(dist, file));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += zipped;
  return `${kb(bytes.length)} KB ${kb(zipped)} KB gzip  ${file}`;
});
process.stdout.write(`JavaScript for the first screen (/sign-in):\n${rows.sort().join('\n')}\n`);
process.stdout.write(`${kb(raw)} KB ${kb(gzip)} KB gzip  total (budget ${BUDGET_KB} KB gzip)\n`);

// The app imports the API's types only; any of these in the bundle means server code leaked in.
const SERVER_MARKERS = [
  'kysely',
  'argon2',
  'nodemailer',
  'ioredis',
  'bullmq',
  'pglite',
  'createApiDeps',
  'node:crypto',
];
const leaks = readdirSync(join(dist, 'assets'))
  .filter((file) => file.endsWith('.js'))
  .flatMap((file) => {
    const text = readFileSync(join(dist, 'assets', file), 'utf8');
    return SERVER_MARKERS.filter((marker) => text.includes(marker)).map((marker) => `${file}: ${marker}`);
  });
if (leaks.length) {
  process.stderr.write(`Server code in the web bundle:\n${leaks.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('No server code in the bundle.\n');
if (gzip / 1024 > BUDGET_KB) {
  process.stderr.write(`Over the ${BUDGET_KB} KB budget.\n`);
  process.exit(1);
}
