import { createDecipheriv } from 'node:crypto';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';
import { unwrapDataKey } from './wrap-data-key.js';

const tagBytes = 16;

/** Stored columns of one encrypted secret (Prisma hands `Bytes` back as Uint8Array). */
export interface StoredSecret {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  wrappedDataKey: Uint8Array;
  masterKeyVersion: number;
}

function decryptFailed(aad: string, cause?: unknown): SwitchyardError {
  return new SwitchyardError({
    code: 'settings.decrypt_failed',
    message:
      `Cannot decrypt the secret of ${aad}: it was not encrypted for this record or was altered; ` +
      'store the credential again',
    status: 500,
    cause,
  });
}

/** Decrypts a secret from `encryptSecret`; throws `settings.decrypt_failed`, never returns an empty key. */
export function decryptSecret(options: StoredSecret & { aad: string; keyring: EncryptionKeyring }): string {
  const dataKey = unwrapDataKey(options.wrappedDataKey, options.masterKeyVersion, options.keyring);
  try {
    const packed = Buffer.from(options.ciphertext);
    if (packed.length <= tagBytes || options.nonce.length !== 12) throw decryptFailed(options.aad);
    const decipher = createDecipheriv('aes-256-gcm', dataKey, options.nonce);
    decipher.setAAD(Buffer.from(options.aad, 'utf8'));
    decipher.setAuthTag(packed.subarray(packed.length - tagBytes));
    const plaintext = Buffer.concat([
      decipher.update(packed.subarray(0, packed.length - tagBytes)),
      decipher.final(),
    ]).toString('utf8');
    if (plaintext.length === 0) throw decryptFailed(options.aad);
    return plaintext;
  } catch (error) {
    if (error instanceof SwitchyardError) throw error;
    throw decryptFailed(options.aad, error);
  } finally {
    dataKey.fill(0);
  }
}
