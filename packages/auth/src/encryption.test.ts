import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from './encryption';
import {
  looksLikeBackupCode,
  matchTotpStep,
  newBackupCode,
  newTotpSecret,
  normalizeBackupCode,
} from './totp';

describe('encryptSecret', () => {
  const key = randomBytes(32);

  it('round-trips, with a fresh IV each time and no plaintext in the output', () => {
    const secret = newTotpSecret();
    const a = encryptSecret(key, secret, 'user-1');
    const b = encryptSecret(key, secret, 'user-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(decryptSecret(key, a, 'user-1')).toBe(secret);
  });

  it('refuses another key, another context (row) and a tampered ciphertext', () => {
    const stored = encryptSecret(key, 'JBSWY3DPEHPK3PXP', 'user-1');
    expect(() => decryptSecret(randomBytes(32), stored, 'user-1')).toThrow();
    expect(() => decryptSecret(key, stored, 'user-2')).toThrow();
    // One bit of the ciphertext flipped. (Changing the text's last character could touch only
    // base64's padding bits, which decode to the same bytes: 1 run in 16 passed nothing tampered.)
    const [version, body] = stored.split('.');
    const raw = Buffer.from(body ?? '', 'base64url');
    raw[raw.length - 1] = (raw.at(-1) ?? 0) ^ 1;
    expect(() => decryptSecret(key, `${version}.${raw.toString('base64url')}`, 'user-1')).toThrow();
  });
});

describe('TOTP and backup codes', () => {
  it('makes 160-bit base32 secrets', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('refuses a code that is not one of the window', () => {
    expect(matchTotpStep(newTotpSecret(), '000000', 0)).toBeNull();
  });

  it('makes distinct 16-character backup codes that survive retyping', () => {
    const codes = Array.from({ length: 500 }, newBackupCode);
    expect(new Set(codes).size).toBe(500);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect(looksLikeBackupCode(` ${code.toUpperCase().replace(/-/g, ' ')} `)).toBe(true);
      expect(normalizeBackupCode(code.toUpperCase())).toBe(code.replace(/-/g, ''));
    }
    expect(looksLikeBackupCode('123456')).toBe(false);
  });
});
