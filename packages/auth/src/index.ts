export { type AccessBlock, accessBlock } from './account-access';
export { currentAccessBlock } from './account-state';
export { deviceFingerprint, ipPrefix } from './device-fingerprint';
export { decryptSecret, encryptSecret } from './encryption';
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
  deriveKey,
  deriveServerKeys,
  hmacSha256Hex,
  KEY_PURPOSES,
  type KeyPurpose,
  type ServerKeys,
} from './server-keys';
export {
  createSessionManager,
  endOrganizationSessions,
  endUserSessions,
  IMPERSONATOR_COOKIE,
  type IssuedSession,
  type RequestMeta,
  SESSION_COOKIE,
  type SessionManager,
  type ValidSession,
} from './sessions';
export {
  BACKUP_CODE_COUNT,
  backupCodeHash,
  looksLikeBackupCode,
  matchTotpStep,
  newBackupCode,
  newTotpSecret,
  normalizeBackupCode,
  totpUri,
} from './totp';
