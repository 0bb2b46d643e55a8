import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * The browser tests drive the built app as `pnpm start` serves it: build it from the current
 * sources once per run (a few seconds), so a test never passes against a stale bundle.
 */
export default async function setup() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({ root, logLevel: 'warn' });
}
