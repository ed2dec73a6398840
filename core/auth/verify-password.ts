import { timingSafeEqual } from 'node:crypto';
import { deriveScryptKey, hashPassword, scryptMaxMemory } from './hash-password.js';

interface ParsedHash {
  cost: number;
  blockSize: number;
  parallelization: number;
  salt: Buffer;
  key: Buffer;
}

// Bounds keep a tampered row from turning one sign-in into gigabytes of work.
function parseHash(stored: string): ParsedHash | null {
  const match = /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(
    stored,
  );
  if (!match) return null;
  const [cost, blockSize, parallelization] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = cost > 1 && (cost & (cost - 1)) === 0;
  if (!powerOfTwo || cost > 2 ** 20 || blockSize < 1 || blockSize > 32 || parallelization < 1) return null;
  return {
    cost,
    blockSize,
    parallelization,
    salt: Buffer.from(match[4]!, 'base64'),
    key: Buffer.from(match[5]!, 'base64'),
  };
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored scrypt hash in constant time. With no stored hash (an unknown
 * email) it still does the same work, so the answer time does not tell whether an account exists.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  dummyHash ??= hashPassword('switchyard-dummy-password');
  const parsed = parseHash(stored ?? (await dummyHash));
  if (!parsed) return false;
  const key = await deriveScryptKey(password, parsed.salt, {
    N: parsed.cost,
    r: parsed.blockSize,
    p: parsed.parallelization,
    maxmem: scryptMaxMemory(parsed.cost, parsed.blockSize),
  });
  return stored !== null && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}
