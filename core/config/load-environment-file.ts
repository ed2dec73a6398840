import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from './project-root.js';

/** Loads `.env` from the Switchyard folder when present; variables already set win. */
export function loadEnvironmentFile(path = join(findProjectRoot(), '.env')): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
