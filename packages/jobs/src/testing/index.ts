// Test helpers of the package that owns the Redis connections: imported by tests only (`@praxis/jobs/testing`).
export { type OwnRedisServer, startOwnRedisServer } from './redis-server';
export { testRedisPrefix, testRedisUrl } from './test-redis';
