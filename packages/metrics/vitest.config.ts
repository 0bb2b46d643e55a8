import { praxisTestConfig } from '@praxis/vitest/config';

export default praxisTestConfig();
