import { describe, expect, it } from '@jest/globals';
import { deriveCsrfToken, verifyCsrfToken } from '../../../core/auth/derive-csrf-token.js';

describe('CSRF tokens', () => {
  const session = { id: 'a'.repeat(64), csrfSecret: 'secret-1' };

  it('derives a stable token per session that differs between sessions', () => {
    expect(deriveCsrfToken(session)).toBe(deriveCsrfToken({ ...session }));
    expect(deriveCsrfToken(session)).not.toBe(deriveCsrfToken({ ...session, id: 'b'.repeat(64) }));
    expect(deriveCsrfToken(session)).not.toBe(deriveCsrfToken({ ...session, csrfSecret: 'secret-2' }));
  });

  it('accepts only the exact token', () => {
    const token = deriveCsrfToken(session);
    expect(verifyCsrfToken(session, token)).toBe(true);
    expect(verifyCsrfToken(session, undefined)).toBe(false);
    expect(verifyCsrfToken(session, '')).toBe(false);
    expect(verifyCsrfToken(session, token.slice(1))).toBe(false);
    expect(verifyCsrfToken(session, `${token}x`)).toBe(false);
  });
});
