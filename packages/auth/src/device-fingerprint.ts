import { isIPv4, isIPv6 } from 'node:net';
import { sha256Hex } from './secrets';

/**
 * The network an address belongs to, coarse enough to stay the same for one device on one
 * network: /24 for IPv4 (`203.0.113.0/24`), /48 for IPv6 (`2001:db8:1::/48`). Null when unknown.
 */
export function ipPrefix(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(address)) return null;
  const [head = '', tail] = address.split('%')[0]?.split('::') ?? [''];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 3)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/48`;
}

/** What identifies "a device" for new-sign-in mails: SHA-256 of its user agent and network. */
export function deviceFingerprint(
  userAgent: string | null | undefined,
  ip: string | null | undefined,
): string {
  return sha256Hex(`${userAgent ?? ''}\n${ipPrefix(ip) ?? ''}`);
}
