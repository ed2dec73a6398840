import { describe, expect, it } from '@jest/globals';
import { deriveScryptKey, hashPassword } from '../../../core/auth/hash-password.js';
import { verifyPassword } from '../../../core/auth/verify-password.js';

describe('password hashes', () => {
  it('stores scrypt with its parameters and a per-user salt, never the password', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
  });

  it('accepts the right password and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('verifies a hash made with other parameters by the parameters it names', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = await deriveScryptKey('pw-under-old-parameters', salt, { N: 16384, r: 8, p: 1 });
    const stored = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('pw-under-old-parameters', stored)).toBe(true);
    expect(await verifyPassword('pw-under-old-parameters', stored.replace('$16384$', '$32768$'))).toBe(false);
  });

  it('refuses malformed or tampered hashes instead of doing unbounded work', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$1048577$8$1$c2FsdA==$a2V5',
      'scrypt$3$8$1$c2FsdA==$a2V5',
      'bcrypt$x',
    ]) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('does the same work and refuses when there is no stored hash (an unknown email)', async () => {
    expect(await verifyPassword('anything', null)).toBe(false);
  });

  it('treats canonically equivalent Unicode passwords alike', async () => {
    const stored = await hashPassword('caf\u00e9-password');
    expect(await verifyPassword('cafe\u0301-password', stored)).toBe(true);
  });
});
