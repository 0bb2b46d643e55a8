import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';
import { generateCode, generateToken, hashesMatch, sha256Hex } from './secrets';

describe('secrets', () => {
  it('makes URL-safe tokens of 256 bits that do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('makes 6-digit codes over the whole range', () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('compares hashes exactly', () => {
    expect(hashesMatch(sha256Hex('a'), sha256Hex('a'))).toBe(true);
    expect(hashesMatch(sha256Hex('a'), sha256Hex('b'))).toBe(false);
    expect(hashesMatch(sha256Hex('a'), 'abcd')).toBe(false);
  });
});

describe('passwords', () => {
  it('hashes with argon2id at 19456 KiB and 2 passes, and verifies', async () => {
    const stored = await hashPassword('a long enough passphrase');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'a long enough passphrase')).toBe(true);
    expect(await verifyPassword(stored, 'another passphrase')).toBe(false);
  });

  it('answers false without a stored hash, after doing the same work', async () => {
    const started = performance.now();
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(performance.now() - started).toBeGreaterThan(5);
  });
});
