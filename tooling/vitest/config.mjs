// Shared vitest preset; a package's vitest.config.ts is `export default praxisTestConfig()`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const globalSetup = fileURLToPath(new URL('./src/global-setup.ts', import.meta.url));

/** @param {import('vitest/config').ViteUserConfig['test']} [overrides] */
export function praxisTestConfig(overrides = {}) {
  return defineConfig({
    test: {
      globalSetup: [globalSetup],
      // Two cores here: two forks, each with its own database and Redis prefix.
      pool: 'forks',
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
      env: { NODE_ENV: 'test' },
      ...overrides,
    },
  });
}
