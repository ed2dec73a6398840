import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks `X-Gitlab-Token` against the webhook's secret token. Both are hashed first, so the comparison is
 * constant-time whatever their lengths and a wrong guess learns nothing from how long the answer took.
 */
export function verifyGitLabToken(received: string, secret: string): boolean {
  return timingSafeEqual(digest(received), digest(secret));
}
