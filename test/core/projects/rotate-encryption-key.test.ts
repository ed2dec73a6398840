import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createPrismaClient, type PrismaClient } from '../../../core/db/create-prisma-client.js';
import { applyMigrations, ensureDatabaseExists } from '../../../core/db/migrations.js';
import { decryptSecret } from '../../../core/projects/decrypt-secret.js';
import { secretAssociatedData } from '../../../core/projects/encrypt-secret.js';
import {
  type EncryptionKeyring,
  parseEncryptionKeyring,
} from '../../../core/projects/parse-encryption-keyring.js';
import { rotateEncryptionKey } from '../../../core/projects/rotate-encryption-key.js';
import { saveProviderCredential } from '../../../core/projects/save-provider-credential.js';
import { testDatabaseUrl } from '../../support/test-resources.js';

// Rotation touches every row of provider_credentials, so this file gets a database of its own: the run's
// shared database holds rows that other test files encrypted under their own keys.
const databaseUrl = (() => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `${url.pathname}_rotation_${randomBytes(3).toString('hex')}`;
  return url.toString();
})();
let prisma: PrismaClient;

const newKey = () => randomBytes(32).toString('base64');
const [firstKey, secondKey, thirdKey] = [newKey(), newKey(), newKey()];

async function storeCredential(keyring: EncryptionKeyring, name: string, apiKey: string) {
  const organization = await prisma.organization.create({ data: { name: `org-${name}` } });
  const owner = { scope: 'organization', scopeId: organization.id, name } as const;
  await saveProviderCredential({
    prisma,
    keyring,
    owner,
    organizationId: organization.id,
    change: { kind: 'openai', apiKey },
  });
  return owner;
}

async function readKey(
  owner: { scope: 'organization'; scopeId: string; name: string },
  keyring: EncryptionKeyring,
) {
  const row = await prisma.providerCredential.findUniqueOrThrow({
    where: { scopeId_name: { scopeId: owner.scopeId, name: owner.name } },
  });
  return {
    row,
    apiKey: decryptSecret({
      ciphertext: row.keyCiphertext!,
      nonce: row.keyNonce!,
      wrappedDataKey: row.wrappedDataKey!,
      masterKeyVersion: row.masterKeyVersion!,
      aad: secretAssociatedData(owner),
      keyring,
    }),
  };
}

beforeAll(async () => {
  await ensureDatabaseExists(databaseUrl);
  await applyMigrations(databaseUrl);
  prisma = createPrismaClient({ databaseUrl, poolSize: 2 });
});

afterAll(async () => {
  await prisma.$disconnect();
  const maintenance = new URL(databaseUrl);
  const name = maintenance.pathname.slice(1);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

describe('rotateEncryptionKey', () => {
  it('re-wraps every data key under the current master version, and the secrets still decrypt', async () => {
    const before = parseEncryptionKeyring(`1:${firstKey}`)!;
    const first = await storeCredential(before, 'openai', 'sk-first-secret-aaaa');
    const second = await storeCredential(before, 'groq', 'gsk_second-secret-bbbb');
    const ciphertextBefore = (await readKey(first, before)).row.keyCiphertext;

    const result = await rotateEncryptionKey({
      prisma,
      keyring: parseEncryptionKeyring(`2:${secondKey},1:${firstKey}`)!,
    });
    expect(result).toEqual({ rewrapped: 2, alreadyCurrent: 0 });

    const after = parseEncryptionKeyring(`2:${secondKey}`)!;
    const rotated = await readKey(first, after);
    expect(rotated.row.masterKeyVersion).toBe(2);
    expect(rotated.apiKey).toBe('sk-first-secret-aaaa');
    expect(Buffer.from(rotated.row.keyCiphertext!).equals(Buffer.from(ciphertextBefore!))).toBe(true);
    expect((await readKey(second, after)).apiKey).toBe('gsk_second-secret-bbbb');

    expect(await rotateEncryptionKey({ prisma, keyring: after })).toEqual({
      rewrapped: 0,
      alreadyCurrent: 2,
    });
  });

  it('refuses to rotate when a version still in use is missing from the keyring', async () => {
    await expect(
      rotateEncryptionKey({ prisma, keyring: parseEncryptionKeyring(`3:${thirdKey}`)! }),
    ).rejects.toMatchObject({
      code: 'settings.decrypt_failed',
      message: expect.stringContaining('master key version 2'),
    });
  });

  it('runs as a script from the command line', () => {
    const output = execFileSync(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'scripts/rotate-encryption-key.ts'],
      {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          SETTINGS_ENCRYPTION_KEY: `3:${thirdKey},2:${secondKey}`,
        },
        encoding: 'utf8',
      },
    );
    expect(output).toContain('re-wrapped 2 provider credential(s) under master key version 3');
  });

  it('leaves every secret readable with the newest key alone after the script ran', async () => {
    const rows = await prisma.providerCredential.findMany();
    const newest = parseEncryptionKeyring(`3:${thirdKey}`)!;
    for (const row of rows) {
      const owner = { scope: 'organization', scopeId: row.scopeId, name: row.name } as const;
      expect((await readKey(owner, newest)).row.masterKeyVersion).toBe(3);
    }
    expect(rows).toHaveLength(2);
  });
});
