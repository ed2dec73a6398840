import { loadEnvironment } from '../core/config/environment.js';
import { loadEnvironmentFile } from '../core/config/load-environment-file.js';
import { applyMigrations, ensureDatabaseExists } from '../core/db/migrations.js';

/** `npm run db:migrate`: create the database if needed and apply pending migrations. */
async function main(): Promise<void> {
  loadEnvironmentFile();
  const environment = loadEnvironment();
  const created = await ensureDatabaseExists(environment.DATABASE_URL);
  if (created) console.log(`created database ${new URL(environment.DATABASE_URL).pathname.slice(1)}`);
  const status = await applyMigrations(environment.DATABASE_URL, { log: (line) => console.log(line) });
  console.log(
    status.newlyApplied.length > 0
      ? `database is up to date (${status.newlyApplied.length} migration(s) applied)`
      : 'database is up to date (nothing to apply)',
  );
}

main().catch((error: Error) => {
  console.error(`db:migrate failed: ${error.message}`);
  process.exit(1);
});
