import { createHash } from 'node:crypto';

/** Prefix of every Switchyard project API key, so secret scanners and people recognise one. */
export const apiKeyPrefix = 'sy-';

/** SHA-256 hex of a project API key: the only form of the key that is stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Cheap shape check so obvious garbage never reaches a cache or the database. */
export function looksLikeApiKey(key: string): boolean {
  return key.length === apiKeyPrefix.length + 43 && key.startsWith(apiKeyPrefix);
}
