import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const praxisSetup = fileURLToPath(import.meta.resolve('@praxis/db/testing/global-setup'));

// Two projects: fast unit/component tests, and the browser flows (e2e/) against the real server,
// worker, Postgres, Redis and SMTP capture, on the app built by e2e/build-setup.ts.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}'], environment: 'node' } },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['./e2e/build-setup.ts', praxisSetup],
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A page opened in a new browser context loads the whole app before its first rows: on a
          // CI machine busy with every other package's tests that passed vitest's 1 s default
          // (skeleton rows still showing), so polls wait as long as a person would.
          expect: { poll: { timeout: 10_000 } },
          env: { NODE_ENV: 'test', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
        },
      },
    ],
  },
});
