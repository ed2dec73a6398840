import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { decryptSecret } from '../../../core/projects/decrypt-secret.js';
import { encryptSecret, secretAssociatedData } from '../../../core/projects/encrypt-secret.js';
import { parseEncryptionKeyring } from '../../../core/projects/parse-encryption-keyring.js';

const keyring = parseEncryptionKeyring(`2:${randomBytes(32).toString('base64')}`)!;
const owner = { scope: 'project', scopeId: '7d1b2c3e-0000-4000-8000-000000000001', name: 'openai' } as const;
const aad = secretAssociatedData(owner);

describe('encryptSecret and decryptSecret', () => {
  it('round-trip a secret bound to its owner', () => {
    const encrypted = encryptSecret({ plaintext: 'sk-secret-1234', aad, keyring });
    expect(aad).toBe('project:7d1b2c3e-0000-4000-8000-000000000001:openai');
    expect(encrypted.masterKeyVersion).toBe(2);
    expect(encrypted.nonce).toHaveLength(12);
    expect(encrypted.wrappedDataKey).toHaveLength(60);
    expect(encrypted.ciphertext).toHaveLength('sk-secret-1234'.length + 16);
    expect(decryptSecret({ ...encrypted, aad, keyring })).toBe('sk-secret-1234');
  });

  it('uses a fresh data key and nonce for every record', () => {
    const first = encryptSecret({ plaintext: 'same', aad, keyring });
    const second = encryptSecret({ plaintext: 'same', aad, keyring });
    expect(first.nonce.equals(second.nonce)).toBe(false);
    expect(first.wrappedDataKey.equals(second.wrappedDataKey)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
  });

  it('fails loudly when the ciphertext is read as another row', () => {
    const encrypted = encryptSecret({ plaintext: 'sk-secret', aad, keyring });
    const otherRow = secretAssociatedData({ ...owner, scopeId: '7d1b2c3e-0000-4000-8000-000000000002' });
    expect(() => decryptSecret({ ...encrypted, aad: otherRow, keyring })).toThrow(
      expect.objectContaining({ code: 'settings.decrypt_failed' }),
    );
    const otherName = secretAssociatedData({ ...owner, name: 'anthropic' });
    expect(() => decryptSecret({ ...encrypted, aad: otherName, keyring })).toThrow(
      expect.objectContaining({ code: 'settings.decrypt_failed' }),
    );
  });

  it('fails loudly when the ciphertext, the wrapped key or the master key is altered', () => {
    const encrypted = encryptSecret({ plaintext: 'sk-secret', aad, keyring });
    const flipped = Buffer.from(encrypted.ciphertext);
    flipped[0]! ^= 1;
    expect(() => decryptSecret({ ...encrypted, ciphertext: flipped, aad, keyring })).toThrow(
      expect.objectContaining({ code: 'settings.decrypt_failed' }),
    );
    const wrapped = Buffer.from(encrypted.wrappedDataKey);
    wrapped[20]! ^= 1;
    expect(() => decryptSecret({ ...encrypted, wrappedDataKey: wrapped, aad, keyring })).toThrow(
      expect.objectContaining({ code: 'settings.decrypt_failed' }),
    );
    const otherKeyring = parseEncryptionKeyring(`2:${randomBytes(32).toString('base64')}`)!;
    expect(() => decryptSecret({ ...encrypted, aad, keyring: otherKeyring })).toThrow(
      expect.objectContaining({ code: 'settings.decrypt_failed' }),
    );
  });

  it('names the missing master key version and the rotation script', () => {
    const encrypted = encryptSecret({ plaintext: 'sk-secret', aad, keyring });
    const newerOnly = parseEncryptionKeyring(`3:${randomBytes(32).toString('base64')}`)!;
    expect(() => decryptSecret({ ...encrypted, aad, keyring: newerOnly })).toThrow(
      expect.objectContaining({
        code: 'settings.decrypt_failed',
        message: expect.stringContaining('master key version 2'),
      }),
    );
  });

  it('refuses to store an empty secret', () => {
    expect(() => encryptSecret({ plaintext: '', aad, keyring })).toThrow(
      expect.objectContaining({ code: 'settings.secret_empty' }),
    );
  });
});
