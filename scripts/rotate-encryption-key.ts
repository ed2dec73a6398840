import { loadEnvironment } from '../core/config/environment.js';
import { loadEnvironmentFile } from '../core/config/load-environment-file.js';
import { createPrismaClient } from '../core/db/create-prisma-client.js';
import { parseEncryptionKeyring } from '../core/projects/parse-encryption-keyring.js';
import { rotateEncryptionKey } from '../core/projects/rotate-encryption-key.js';

/**
 * `npx tsx scripts/rotate-encryption-key.ts`: re-wraps every provider credential under the first (current)
 * key of SETTINGS_ENCRYPTION_KEY. Put the new key first and keep the old ones after it until this has run.
 */
async function main(): Promise<void> {
  loadEnvironmentFile();
  const environment = loadEnvironment();
  const keyring = parseEncryptionKeyring(environment.SETTINGS_ENCRYPTION_KEY);
  if (!keyring) {
    throw new Error(
      'SETTINGS_ENCRYPTION_KEY is not set: set it to "<new version>:<new key>,<old version>:<old key>" ' +
        '(make a key with `openssl rand -base64 32`)',
    );
  }
  const prisma = createPrismaClient({ databaseUrl: environment.DATABASE_URL, poolSize: 2 });
  try {
    const result = await rotateEncryptionKey({ prisma, keyring });
    console.log(
      `re-wrapped ${result.rewrapped} provider credential(s) under master key version ${keyring.currentVersion}; ` +
        `${result.alreadyCurrent} already used it`,
    );
    console.log(
      'older versions can now be removed from SETTINGS_ENCRYPTION_KEY once every process has restarted',
    );
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: Error) => {
  console.error(`rotate-encryption-key failed: ${error.message}`);
  process.exit(1);
});
