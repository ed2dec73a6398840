import { SwitchyardError } from '../errors/switchyard-error.js';

/** The master keys that wrap provider-credential data keys; `currentVersion` wraps new records. */
export interface EncryptionKeyring {
  currentVersion: number;
  /** Every version still accepted for unwrapping (older ones stay until rotation has re-wrapped them). */
  keys: ReadonlyMap<number, Buffer>;
}

const masterKeyBytes = 32;
const base64Pattern = /^[A-Za-z0-9+/_-]+={0,2}$/;
const howToMakeOne =
  'make a key with `openssl rand -base64 32` and set SETTINGS_ENCRYPTION_KEY to it ' +
  '(to rotate: "2:<new key>,1:<old key>", the current key first)';

function invalid(problem: string): SwitchyardError {
  return new SwitchyardError({
    code: 'settings.encryption_key_invalid',
    message: `SETTINGS_ENCRYPTION_KEY is invalid: ${problem}; ${howToMakeOne}`,
    status: 500,
  });
}

/**
 * Parses `SETTINGS_ENCRYPTION_KEY` (`"<version>:<base64 32 bytes>,..."`, first entry current; a bare base64
 * value is version 1). Returns undefined when unset; throws `settings.encryption_key_invalid` when malformed.
 */
export function parseEncryptionKeyring(value: string | undefined): EncryptionKeyring | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const keys = new Map<number, Buffer>();
  let currentVersion: number | undefined;
  for (const [index, entry] of entries.entries()) {
    const separator = entry.indexOf(':');
    if (separator === -1 && entries.length > 1) {
      throw invalid(`entry ${index + 1} has no "<version>:" in front of its key`);
    }
    const versionText = separator === -1 ? '1' : entry.slice(0, separator);
    const encoded = separator === -1 ? entry : entry.slice(separator + 1);
    if (!/^[1-9][0-9]{0,8}$/.test(versionText)) {
      throw invalid(`entry ${index + 1} has version "${versionText}", which is not a positive integer`);
    }
    const version = Number(versionText);
    if (keys.has(version)) throw invalid(`version ${version} appears twice`);
    const key = base64Pattern.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== masterKeyBytes) {
      // Never echo the value: it is (meant to be) a secret.
      throw invalid(`the key of version ${version} is not ${masterKeyBytes} bytes of base64`);
    }
    keys.set(version, key);
    currentVersion ??= version;
  }
  if (currentVersion === undefined) throw invalid('it holds no key');
  return { currentVersion, keys };
}
