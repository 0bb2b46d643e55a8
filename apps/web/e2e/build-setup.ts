import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * The browser tests drive the built app as `pnpm start` serves it: build it from the current
 * sources once per run (a few seconds), so a test never passes against a stale bundle.
 */
export default async function setup() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  // Vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: the bundle would be React's
  // development build (about 60 KB gzip more), unlike what `pnpm start` builds and serves.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
