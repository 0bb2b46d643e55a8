import { createHmac, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const TOTP_PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** One step of clock drift either way. */
const DRIFT_STEPS = 1;

/** A new random TOTP secret (160 bits, RFC 4226's recommendation), base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI an app scans. */
export function totpUri(secretBase32: string, { issuer, account }: { issuer: string; account: string }) {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secretBase32),
    ...TOTP_PARAMS,
  }).toString();
}

/**
 * The time step the code belongs to when it is valid now (±1 step of drift), else null. Callers
 * store the step and refuse any step not after the last one used: a code is good only once.
 */
export function matchTotpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secretBase32),
    timestamp: now,
    window: DRIFT_STEPS,
    ...TOTP_PARAMS,
  });
  return delta === null ? null : TOTP.counter({ period: TOTP_PARAMS.period, timestamp: now }) + delta;
}

// Crockford-style base32 without look-alikes (0/o, 1/i/l): 16 characters carry 80 bits.
const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const BACKUP_LENGTH = 16;
export const BACKUP_CODE_COUNT = 10;

/** A single-use backup code, shown as `xxxx-xxxx-xxxx-xxxx`. */
export function newBackupCode(): string {
  const chars = Array.from(
    { length: BACKUP_LENGTH },
    () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)],
  );
  return chars.join('').replace(/(.{4})(?!$)/g, '$1-');
}

/** What is hashed: case, spaces and dashes do not matter when a code is typed back. */
export function normalizeBackupCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export function looksLikeBackupCode(code: string): boolean {
  return new RegExp(`^[${BACKUP_ALPHABET}]{${BACKUP_LENGTH}}$`).test(normalizeBackupCode(code));
}

/**
 * The stored form of a backup code: HMAC-SHA-256 under a key derived from SECRETS_KEY. The codes
 * carry 80 random bits, so a fast hash is enough (no dictionary to try), and being keyed, a copy
 * of the database alone cannot test guesses; argon2 would cost ~20 ms per stored code per check.
 */
export function backupCodeHash(key: Buffer, code: string): string {
  return createHmac('sha256', key).update(normalizeBackupCode(code)).digest('hex');
}
