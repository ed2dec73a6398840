import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder holding Switchyard's package.json, whether running from source or from dist/. */
export function findProjectRoot(): string {
  if (cached) return cached;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (
    !existsSync(join(directory, 'package.json')) ||
    existsSync(join(directory, 'tsconfig.build.json')) === false
  ) {
    const parent = dirname(directory);
    if (parent === directory)
      throw new Error(`cannot find the Switchyard folder (package.json) above ${import.meta.url}`);
    directory = parent;
  }
  cached = directory;
  return directory;
}
