export { type AccessBlock, accessBlock } from './account-access';
export { hashPassword, verifyPassword } from './passwords';
export {
  createRateLimits,
  RATE_LIMITS,
  RateLimitedError,
  type RateLimitName,
  RateLimitStoreUnavailableError,
  type RateLimits,
} from './rate-limits';
export { generateCode, generateToken, hashesMatch, sha256Hex } from './secrets';
export {
  createSessionManager,
  endOrganizationSessions,
  endUserSessions,
  type RequestMeta,
  SESSION_COOKIE,
  type SessionManager,
  type ValidSession,
} from './sessions';
