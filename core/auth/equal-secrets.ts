import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether two secret strings (tokens, states, nonces) are equal. Both are hashed first, so the comparison is
 * constant-time whatever their lengths and a wrong guess learns nothing from how long the answer took.
 */
export function equalSecrets(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
