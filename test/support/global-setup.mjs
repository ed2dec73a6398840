// One fresh Postgres database and one Redis key prefix per test run, so runs never see each other's data.
// Workers inherit these variables; global-teardown.mjs drops the database and deletes the keys.
// The schema is prepared by the same `db:migrate` script users run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const databaseUrl = new URL(
    process.env.TEST_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  databaseUrl.pathname = `/switchyard_test_${runId}`;
  process.env.SWITCHYARD_TEST_RUN_ID = runId;
  process.env.DATABASE_URL = databaseUrl.toString();
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.env.REDIS_KEY_PREFIX = `sy-test-${runId}:`;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/db-migrate.ts'], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
