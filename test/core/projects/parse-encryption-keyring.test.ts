import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parseEncryptionKeyring } from '../../../core/projects/parse-encryption-keyring.js';

const key = () => randomBytes(32).toString('base64');

describe('parseEncryptionKeyring', () => {
  it('reads a bare base64 key as version 1', () => {
    const value = key();
    const keyring = parseEncryptionKeyring(value);
    expect(keyring?.currentVersion).toBe(1);
    expect(keyring?.keys.get(1)).toEqual(Buffer.from(value, 'base64'));
  });

  it('makes the first of several versioned keys the current one', () => {
    const keyring = parseEncryptionKeyring(` 3:${key()}, 1:${key()} ,2:${key()}`);
    expect(keyring?.currentVersion).toBe(3);
    expect([...(keyring?.keys.keys() ?? [])].sort()).toEqual([1, 2, 3]);
  });

  it('returns undefined when the variable is unset or blank', () => {
    expect(parseEncryptionKeyring(undefined)).toBeUndefined();
    expect(parseEncryptionKeyring('  ')).toBeUndefined();
  });

  it.each([
    ['a key that is not 32 bytes', randomBytes(16).toString('base64')],
    ['a key that is not base64', 'not base64 at all!'],
    ['a version that is not a number', `v2:${key()}`],
    ['a repeated version', `1:${key()},1:${key()}`],
    ['an unversioned key among several', `${key()},2:${key()}`],
  ])('refuses %s with a message naming the variable and how to make a key', (_, value) => {
    expect(() => parseEncryptionKeyring(value)).toThrow(
      expect.objectContaining({
        code: 'settings.encryption_key_invalid',
        message: expect.stringMatching(/^SETTINGS_ENCRYPTION_KEY is invalid: .*openssl rand -base64 32/),
      }),
    );
  });

  it('never repeats the key in its error message', () => {
    const value = randomBytes(31).toString('base64');
    expect(() => parseEncryptionKeyring(value)).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining(value) }),
    );
  });
});
