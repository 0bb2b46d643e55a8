import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKey, deriveServerKeys, hmacSha256Hex, KEY_PURPOSES } from './server-keys';

const secret = 'q7V1n0Jx3o2m9yVt6Hc4dZpKfE8sLwRb+aUiG5TjN0A=';

/** HKDF-SHA-256 (RFC 5869) written out with HMAC, for one 32-byte block and an empty salt. */
function hkdfByHand(ikm: string, info: string): Buffer {
  const prk = createHmac('sha256', Buffer.alloc(32)).update(ikm).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from(info), Buffer.from([1])]))
    .digest();
}

describe('server keys', () => {
  it('derives each purpose key with HKDF-SHA-256, so another component can derive the same key', () => {
    expect(deriveKey(secret, 'praxis audit email v1')).toEqual(hkdfByHand(secret, 'praxis audit email v1'));
    expect(deriveServerKeys(secret).auditEmail).toEqual(hkdfByHand(secret, KEY_PURPOSES.auditEmail));
    expect(deriveServerKeys(secret).auditEmail).toHaveLength(32);
  });

  it('gives different keys for different purposes and different secrets, never the secret itself', () => {
    const a = deriveKey(secret, 'praxis audit email v1');
    expect(a).not.toEqual(deriveKey(secret, 'praxis something else v1'));
    expect(a).not.toEqual(deriveKey(`${secret}x`, 'praxis audit email v1'));
    expect(a.toString('utf8')).not.toContain(secret.slice(0, 8));
  });

  it('makes a hex HMAC-SHA-256', () => {
    const key = deriveKey(secret, 'praxis audit email v1');
    expect(hmacSha256Hex(key, 'ada@example.test')).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacSha256Hex(key, 'ada@example.test')).toBe(hmacSha256Hex(key, 'ada@example.test'));
    expect(hmacSha256Hex(key, 'ada@example.test')).not.toBe(hmacSha256Hex(key, 'bob@example.test'));
  });
});
