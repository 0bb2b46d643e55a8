// Shared vitest preset; a package's vitest.config.ts is `export default praxisTestConfig()`.
// Configuration only: this package depends on nothing it tests. A package whose tests use the
// database passes the global setup that migrates the run's template database:
//   praxisTestConfig({ globalSetup: ['@praxis/db/testing/global-setup'] })
import { defineConfig } from 'vitest/config';

/** @param {import('vitest/config').ViteUserConfig['test']} [overrides] */
export function praxisTestConfig(overrides = {}) {
  return defineConfig({
    test: {
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
