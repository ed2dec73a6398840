import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PrincipalSession } from './principal.js';

/** The session's CSRF synchronizer token: HMAC-SHA-256 of the session id under the session's own secret. */
export function deriveCsrfToken(session: PrincipalSession): string {
  return createHmac('sha256', session.csrfSecret).update(session.id, 'utf8').digest('base64url');
}

/** Whether `presented` is the session's CSRF token, compared in constant time. */
export function verifyCsrfToken(session: PrincipalSession, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(deriveCsrfToken(session), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
