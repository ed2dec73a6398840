// Generates the Prisma Client into generated/prisma.
// `prisma generate` needs no database and no query engine for the `prisma-client` generator, but the CLI
// insists on locating its schema engine binary, which it would otherwise download. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check on machines without that download.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const environment = { ...process.env };
if (!environment.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(environment.PRISMA_SCHEMA_ENGINE_BINARY)) {
  environment.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(new URL('../package.json', import.meta.url));
}
environment.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
  cwd: root,
  env: environment,
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (result.status !== 0) {
  process.stdout.write(result.stdout);
  process.exit(result.status ?? 1);
}
