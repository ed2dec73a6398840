import { createHash, randomBytes } from 'node:crypto';

/** A new random token for a cookie or an invite link (256 bits, base64url). */
export function createSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a session or invite token: the only form of it that is stored. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
