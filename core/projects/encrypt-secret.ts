import { createCipheriv, randomBytes } from 'node:crypto';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';
import { wrapDataKey } from './wrap-data-key.js';

/** What is stored for one secret: the columns `key_ciphertext`, `key_nonce`, `wrapped_data_key`, `master_key_version`. */
export interface EncryptedSecret {
  /** AES-256-GCM output with the 16-byte tag appended. */
  ciphertext: Buffer;
  nonce: Buffer;
  wrappedDataKey: Buffer;
  masterKeyVersion: number;
}

/** Whose secret it is; bound as additional authenticated data so a ciphertext moved to another row fails. */
export interface SecretOwner {
  scope: 'project' | 'organization';
  scopeId: string;
  name: string;
}

/** The additional authenticated data of a stored secret: `${scope}:${scopeId}:${name}`. */
export function secretAssociatedData(owner: SecretOwner): string {
  return `${owner.scope}:${owner.scopeId}:${owner.name}`;
}

/** Envelope-encrypts a secret: a fresh data key and nonce per call, the data key wrapped by the current master key. */
export function encryptSecret(options: {
  plaintext: string;
  aad: string;
  keyring: EncryptionKeyring;
}): EncryptedSecret {
  if (options.plaintext.length === 0) {
    throw new SwitchyardError({
      code: 'settings.secret_empty',
      message: 'An empty secret cannot be stored',
      status: 400,
    });
  }
  const dataKey = randomBytes(32);
  try {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
    cipher.setAAD(Buffer.from(options.aad, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(options.plaintext, 'utf8'), cipher.final()]);
    const ciphertext = Buffer.concat([encrypted, cipher.getAuthTag()]);
    return { ciphertext, nonce, ...wrapDataKey(dataKey, options.keyring) };
  } finally {
    dataKey.fill(0);
  }
}
