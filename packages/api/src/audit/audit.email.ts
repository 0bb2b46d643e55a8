import { hmacSha256Hex, type ServerKeys } from '@praxis/auth';

/**
 * What the audit log keeps instead of an email address: a keyed hash (HMAC-SHA-256 with a key
 * derived from SECRETS_KEY) of the trimmed, lower-cased address. Repeated attempts on one address
 * share it, and without the server secret nobody can test guessed addresses against it.
 */
export function auditEmailHash(keys: Pick<ServerKeys, 'auditEmail'>, email: string): string {
  return hmacSha256Hex(keys.auditEmail, email.trim().toLowerCase());
}
