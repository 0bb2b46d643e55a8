import { praxisTestConfig } from '@praxis/vitest/config';

// The global setup migrates this run's template database; workerDatabase() clones it.
export default praxisTestConfig({ globalSetup: ['@praxis/db/testing/global-setup'] });
