import type { PrismaClient } from '../db/create-prisma-client.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';
import { unwrapDataKey, wrapDataKey } from './wrap-data-key.js';

/** What one rotation run did. */
export interface RotationResult {
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Re-wraps every provider credential's data key under the keyring's current master key. Ciphertexts are
 * untouched (the data key does not change); the old versions must still be in the keyring.
 */
export async function rotateEncryptionKey(options: {
  prisma: PrismaClient;
  keyring: EncryptionKeyring;
  batchSize?: number;
}): Promise<RotationResult> {
  const { prisma, keyring } = options;
  const batchSize = options.batchSize ?? 200;
  let rewrapped = 0;
  let afterId: string | undefined;
  for (;;) {
    const rows = await prisma.providerCredential.findMany({
      where: {
        wrappedDataKey: { not: null },
        masterKeyVersion: { not: keyring.currentVersion },
        ...(afterId === undefined ? {} : { id: { gt: afterId } }),
      },
      select: { id: true, wrappedDataKey: true, masterKeyVersion: true },
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const previousVersion = row.masterKeyVersion!;
      const dataKey = unwrapDataKey(row.wrappedDataKey!, previousVersion, keyring);
      try {
        const wrapped = wrapDataKey(dataKey, keyring);
        // Guarded by the old version so a credential rewritten meanwhile is left as its writer stored it.
        const updated = await prisma.providerCredential.updateMany({
          where: { id: row.id, masterKeyVersion: previousVersion },
          data: {
            wrappedDataKey: new Uint8Array(wrapped.wrappedDataKey),
            masterKeyVersion: wrapped.masterKeyVersion,
          },
        });
        rewrapped += updated.count;
      } finally {
        dataKey.fill(0);
      }
    }
    afterId = rows[rows.length - 1]!.id;
  }
  const alreadyCurrent =
    (await prisma.providerCredential.count({
      where: { wrappedDataKey: { not: null }, masterKeyVersion: keyring.currentVersion },
    })) - rewrapped;
  return { rewrapped, alreadyCurrent };
}
