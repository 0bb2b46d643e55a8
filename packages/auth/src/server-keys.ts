import { createHmac, hkdfSync } from 'node:crypto';

/**
 * One HKDF `info` per purpose: a key derived for one use never serves another, and a new
 * purpose (e.g. encrypting a column) derives its own key from the same SECRETS_KEY. Never
 * change a label once data depends on it; add a `v2` beside it instead.
 */
export const KEY_PURPOSES = {
  auditEmail: 'praxis audit email v1',
  /** AES-256-GCM key of the TOTP secrets at rest. */
  totpSecret: 'praxis totp secret v1',
  /** HMAC key of the backup codes' stored hashes. */
  backupCode: 'praxis backup code v1',
} as const;

export type KeyPurpose = keyof typeof KEY_PURPOSES;
export type ServerKeys = Readonly<Record<KeyPurpose, Buffer>>;

/** A 256-bit key for `info`, derived from the server secret with HKDF-SHA-256. */
export function deriveKey(secretsKey: string, info: string): Buffer {
  // No salt: SECRETS_KEY is already a uniformly random secret (RFC 5869, section 3.1).
  return Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), info, 32));
}

/** Every purpose's key, derived once when the process starts. */
export function deriveServerKeys(secretsKey: string): ServerKeys {
  const entries = Object.entries(KEY_PURPOSES).map(([purpose, info]) => [
    purpose,
    deriveKey(secretsKey, info),
  ]);
  return Object.freeze(Object.fromEntries(entries)) as ServerKeys;
}

/** Hex HMAC-SHA-256 of `value`. */
export function hmacSha256Hex(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}
