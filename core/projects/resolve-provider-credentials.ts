import type { Environment } from '../config/environment.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ProviderKind } from '../llm/spec/language-model.js';
import { decryptSecret } from './decrypt-secret.js';
import { secretAssociatedData } from './encrypt-secret.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';
import type { CredentialSource, ResolvedProviderCredential } from './project-settings.js';

/** The columns of a `provider_credentials` row that resolution reads. */
export interface ProviderCredentialRow {
  id: string;
  scope: string;
  scopeId: string;
  name: string;
  kind: string;
  baseUrl: string | null;
  keyCiphertext: Uint8Array | null;
  keyNonce: Uint8Array | null;
  wrappedDataKey: Uint8Array | null;
  masterKeyVersion: number | null;
  updatedAt: Date;
}

/** A provider configured by the instance environment (OPENAI_* and ANTHROPIC_* variables). */
export interface EnvironmentProvider {
  name: string;
  kind: ProviderKind;
  apiKey?: string;
  baseUrl?: string;
}

/** Providers the instance environment configures: `openai` and `anthropic` when their key or base URL is set. */
export function listEnvironmentProviders(environment: Environment): EnvironmentProvider[] {
  const providers: EnvironmentProvider[] = [];
  if (environment.OPENAI_API_KEY || environment.OPENAI_BASE_URL) {
    providers.push({
      name: 'openai',
      kind: 'openai',
      apiKey: environment.OPENAI_API_KEY,
      baseUrl: environment.OPENAI_BASE_URL,
    });
  }
  if (environment.ANTHROPIC_API_KEY || environment.ANTHROPIC_BASE_URL) {
    providers.push({
      name: 'anthropic',
      kind: 'anthropic',
      apiKey: environment.ANTHROPIC_API_KEY,
      baseUrl: environment.ANTHROPIC_BASE_URL,
    });
  }
  return providers;
}

/** Decrypts the API key of one stored credential; undefined when the row holds no key. */
export function decryptCredentialKey(
  row: ProviderCredentialRow,
  keyring: EncryptionKeyring | undefined,
): string | undefined {
  if (!row.keyCiphertext || !row.keyNonce || !row.wrappedDataKey || row.masterKeyVersion === null)
    return undefined;
  const aad = secretAssociatedData({
    scope: row.scope as 'project' | 'organization',
    scopeId: row.scopeId,
    name: row.name,
  });
  if (!keyring) {
    throw new SwitchyardError({
      code: 'settings.encryption_key_missing',
      message:
        `The provider credential ${aad} is encrypted but SETTINGS_ENCRYPTION_KEY is not set: ` +
        'set it to the key the credential was stored with',
      status: 503,
    });
  }
  return decryptSecret({
    ciphertext: row.keyCiphertext,
    nonce: row.keyNonce,
    wrappedDataKey: row.wrappedDataKey,
    masterKeyVersion: row.masterKeyVersion,
    aad,
    keyring,
  });
}

function resolveStored(
  row: ProviderCredentialRow,
  source: CredentialSource,
  keyring: EncryptionKeyring | undefined,
): ResolvedProviderCredential {
  return {
    name: row.name,
    kind: row.kind as ProviderKind,
    apiKey: decryptCredentialKey(row, keyring),
    baseUrl: row.baseUrl ?? undefined,
    source,
    version: `${source}:${row.id}:${row.updatedAt.getTime()}`,
  };
}

/**
 * Keeps the key out of `JSON.stringify` and pino (both honour `toJSON`), so logging a whole ProjectSettings
 * by mistake does not leak it; code that reads `apiKey` (or spreads the object) still gets it.
 */
function withSecretHidden(credential: ResolvedProviderCredential): ResolvedProviderCredential {
  Object.defineProperty(credential, 'toJSON', {
    enumerable: false,
    value: () => ({ ...credential, apiKey: credential.apiKey === undefined ? undefined : '[redacted]' }),
  });
  return credential;
}

/**
 * Resolves every provider a project may use, nearest scope first: a project credential replaces the
 * organization's credential of the same name, which replaces the environment's. A credential is taken
 * whole (key and base URL together), so a project that points `openai` elsewhere never sends the org's key there.
 */
export function resolveProviderCredentials(options: {
  projectRows: ProviderCredentialRow[];
  organizationRows: ProviderCredentialRow[];
  environment: Environment;
  keyring: EncryptionKeyring | undefined;
}): Record<string, ResolvedProviderCredential> {
  const providers: Record<string, ResolvedProviderCredential> = {};
  for (const provider of listEnvironmentProviders(options.environment)) {
    providers[provider.name] = { ...provider, source: 'environment', version: 'environment' };
  }
  for (const row of options.organizationRows) {
    providers[row.name] = resolveStored(row, 'organization', options.keyring);
  }
  for (const row of options.projectRows) {
    providers[row.name] = resolveStored(row, 'project', options.keyring);
  }
  for (const credential of Object.values(providers)) withSecretHidden(credential);
  return providers;
}
