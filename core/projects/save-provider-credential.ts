import type { PrismaClient } from '../db/create-prisma-client.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ProviderKind } from '../llm/spec/language-model.js';
import { encryptSecret, type SecretOwner, secretAssociatedData } from './encrypt-secret.js';
import { maskSecret } from './mask-secret.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';

/** A credential write: a field left undefined keeps what is stored, null clears it. */
export interface ProviderCredentialChange {
  kind: ProviderKind;
  apiKey?: string | null;
  baseUrl?: string | null;
}

/** A stored credential as it may be shown: never the key, only its hint. */
export interface MaskedProviderCredential {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string | null;
  keyHint: string | null;
}

/** Thrown when a key must be encrypted but the instance has no master key. */
export function encryptionKeyMissingError(): SwitchyardError {
  return new SwitchyardError({
    code: 'settings.encryption_key_missing',
    message:
      'Provider API keys are stored encrypted and SETTINGS_ENCRYPTION_KEY is not set: set it to a key made with ' +
      '`openssl rand -base64 32` and restart Switchyard',
    status: 503,
  });
}

/** Creates or updates one provider credential of a project or an organization, encrypting its key. */
export async function saveProviderCredential(options: {
  prisma: Pick<PrismaClient, 'providerCredential'>;
  keyring: EncryptionKeyring | undefined;
  owner: SecretOwner;
  organizationId: string;
  change: ProviderCredentialChange;
}): Promise<MaskedProviderCredential> {
  const { prisma, owner, change } = options;
  const existing = await prisma.providerCredential.findUnique({
    where: { scopeId_name: { scopeId: owner.scopeId, name: owner.name } },
    select: { baseUrl: true },
  });
  const baseUrl = change.baseUrl === undefined ? (existing?.baseUrl ?? null) : change.baseUrl;
  if (change.kind === 'openai-compatible' && !baseUrl) {
    throw new SwitchyardError({
      code: 'provider.base_url_required',
      message: `Provider ${owner.name} is openai-compatible: give its baseUrl (e.g. https://api.groq.com/openai/v1)`,
      status: 400,
    });
  }
  let keyColumns = {};
  if (typeof change.apiKey === 'string') {
    if (!options.keyring) throw encryptionKeyMissingError();
    const encrypted = encryptSecret({
      plaintext: change.apiKey,
      aad: secretAssociatedData(owner),
      keyring: options.keyring,
    });
    keyColumns = {
      keyCiphertext: new Uint8Array(encrypted.ciphertext),
      keyNonce: new Uint8Array(encrypted.nonce),
      wrappedDataKey: new Uint8Array(encrypted.wrappedDataKey),
      masterKeyVersion: encrypted.masterKeyVersion,
      keyHint: maskSecret(change.apiKey),
    };
  } else if (change.apiKey === null) {
    keyColumns = {
      keyCiphertext: null,
      keyNonce: null,
      wrappedDataKey: null,
      masterKeyVersion: null,
      keyHint: null,
    };
  }
  const row = await prisma.providerCredential.upsert({
    where: { scopeId_name: { scopeId: owner.scopeId, name: owner.name } },
    create: {
      organizationId: options.organizationId,
      projectId: owner.scope === 'project' ? owner.scopeId : null,
      scope: owner.scope,
      scopeId: owner.scopeId,
      name: owner.name,
      kind: change.kind,
      baseUrl,
      ...keyColumns,
    },
    update: { kind: change.kind, baseUrl, ...keyColumns },
    select: { id: true, name: true, kind: true, baseUrl: true, keyHint: true },
  });
  return { ...row, kind: row.kind as ProviderKind };
}
