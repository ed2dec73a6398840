import { randomBytes, type ScryptOptions, scrypt } from 'node:crypto';

/** Cost parameters of new hashes: 2^15 × 8 × 128 bytes = 32 MiB and ~50 ms per hash (OWASP's scrypt floor). */
export const passwordHashParameters = { cost: 2 ** 15, blockSize: 8, parallelization: 1 } as const;

const saltBytes = 16;
const keyBytes = 32;

/** Node refuses scrypt above 32 MiB unless told; allow twice the work's memory. */
export function scryptMaxMemory(cost: number, blockSize: number): number {
  return 256 * cost * blockSize;
}

/** scrypt as a promise, so a hash never blocks the event loop. */
export function deriveScryptKey(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password with scrypt and a fresh salt, as `scrypt$N$r$p$<salt base64>$<hash base64>`. */
export async function hashPassword(password: string): Promise<string> {
  const { cost, blockSize, parallelization } = passwordHashParameters;
  const salt = randomBytes(saltBytes);
  const key = await deriveScryptKey(password, salt, {
    N: cost,
    r: blockSize,
    p: parallelization,
    maxmem: scryptMaxMemory(cost, blockSize),
  });
  return ['scrypt', cost, blockSize, parallelization, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}
