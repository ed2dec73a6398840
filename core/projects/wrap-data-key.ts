import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';

const nonceBytes = 12;
const tagBytes = 16;
const dataKeyBytes = 32;

// The version is authenticated so a wrapped key cannot be relabelled as another master-key version.
function wrappingAssociatedData(version: number): Buffer {
  return Buffer.from(`switchyard-data-key:v${version}`, 'utf8');
}

/** Encrypts a data key under the current master key: `nonce(12) ‖ encrypted key(32) ‖ tag(16)`. */
export function wrapDataKey(
  dataKey: Buffer,
  keyring: EncryptionKeyring,
): { wrappedDataKey: Buffer; masterKeyVersion: number } {
  const masterKeyVersion = keyring.currentVersion;
  const masterKey = keyring.keys.get(masterKeyVersion)!;
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
  cipher.setAAD(wrappingAssociatedData(masterKeyVersion));
  const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { wrappedDataKey: Buffer.concat([nonce, encrypted, cipher.getAuthTag()]), masterKeyVersion };
}

/** Recovers a data key wrapped by `wrapDataKey`; throws `settings.decrypt_failed` on any mismatch. */
export function unwrapDataKey(
  wrappedDataKey: Uint8Array,
  masterKeyVersion: number,
  keyring: EncryptionKeyring,
): Buffer {
  const masterKey = keyring.keys.get(masterKeyVersion);
  if (!masterKey) {
    throw new SwitchyardError({
      code: 'settings.decrypt_failed',
      message:
        `A provider credential is wrapped by master key version ${masterKeyVersion}, which SETTINGS_ENCRYPTION_KEY ` +
        `no longer holds: add "${masterKeyVersion}:<that key>" back after the current key, then run ` +
        '`npx tsx scripts/rotate-encryption-key.ts`',
      status: 500,
    });
  }
  const packed = Buffer.from(wrappedDataKey);
  if (packed.length !== nonceBytes + dataKeyBytes + tagBytes) {
    throw new SwitchyardError({
      code: 'settings.decrypt_failed',
      message: 'A provider credential has a malformed wrapped data key: store the credential again',
      status: 500,
    });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, packed.subarray(0, nonceBytes));
    decipher.setAAD(wrappingAssociatedData(masterKeyVersion));
    decipher.setAuthTag(packed.subarray(nonceBytes + dataKeyBytes));
    return Buffer.concat([
      decipher.update(packed.subarray(nonceBytes, nonceBytes + dataKeyBytes)),
      decipher.final(),
    ]);
  } catch (error) {
    throw new SwitchyardError({
      code: 'settings.decrypt_failed',
      message:
        `Cannot unwrap a provider credential's data key with master key version ${masterKeyVersion}: ` +
        'SETTINGS_ENCRYPTION_KEY holds a different key under that version',
      status: 500,
      cause: error,
    });
  }
}
