import { describe, expect, it } from 'vitest';
import { deviceFingerprint, ipPrefix } from './device-fingerprint';

describe('ipPrefix', () => {
  it('keeps /24 of IPv4 and /48 of IPv6, however written', () => {
    expect(ipPrefix('203.0.113.77')).toBe('203.0.113.0/24');
    expect(ipPrefix('::ffff:203.0.113.77')).toBe('203.0.113.0/24');
    expect(ipPrefix('2001:db8:1:2::5')).toBe('2001:db8:1::/48');
    expect(ipPrefix('2001:0db8:0001:ffff:0:0:0:1')).toBe('2001:db8:1::/48');
    expect(ipPrefix('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(ipPrefix('::1')).toBe('0:0:0::/48');
    expect(ipPrefix(null)).toBeNull();
    expect(ipPrefix('not an ip')).toBeNull();
  });
});

describe('deviceFingerprint', () => {
  it('is the same on one network and differs by browser or network', () => {
    const here = deviceFingerprint('Firefox', '203.0.113.7');
    expect(deviceFingerprint('Firefox', '203.0.113.200')).toBe(here);
    expect(deviceFingerprint('Chrome', '203.0.113.7')).not.toBe(here);
    expect(deviceFingerprint('Firefox', '198.51.100.7')).not.toBe(here);
    expect(here).toMatch(/^[0-9a-f]{64}$/);
  });
});
