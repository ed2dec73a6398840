import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { findProjectRoot } from '../config/project-root.js';

/** Prisma's layout: prisma/migrations/<name>/migration.sql, applied in name order. */
export function defaultMigrationsDirectory(): string {
  return join(findProjectRoot(), 'prisma', 'migrations');
}

export interface MigrationFile {
  name: string;
  sql: string;
  /** SHA-256 of the file, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed since (Prisma warns about these too). */
  modified: string[];
}

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every Switchyard process.
const migrationLockId = 72_616_001;

/** Reads the migration files in the order Prisma applies them. */
export async function readMigrationFiles(directory = defaultMigrationsDirectory()): Promise<MigrationFile[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${directory}/${name}/migration.sql`, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** Creates the database named in `databaseUrl` when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const databaseName = decodeURIComponent(url.pathname.slice(1));
  if (!databaseName) throw new Error('DATABASE_URL names no database: add one, e.g. /switchyard');
  const maintenanceUrl = new URL(databaseUrl);
  maintenanceUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenanceUrl.toString() });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (existing.rowCount) return false;
    await client.query(`CREATE DATABASE "${databaseName.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    // Two processes racing to create it: the loser sees duplicate_database.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

async function readAppliedChecksums(client: pg.ClientBase): Promise<Map<string, string>> {
  const table = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS name`);
  if (!table.rows[0]?.name) return new Map();
  const rows = await client.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Map(rows.rows.map((row) => [row.migration_name, row.checksum]));
}

function compareWithFiles(files: MigrationFile[], applied: Map<string, string>): MigrationStatus {
  return {
    applied: files.filter((file) => applied.has(file.name)).map((file) => file.name),
    pending: files.filter((file) => !applied.has(file.name)).map((file) => file.name),
    modified: files
      .filter((file) => applied.has(file.name) && applied.get(file.name) !== file.checksum)
      .map((file) => file.name),
  };
}

/** Which migrations the database has and lacks. */
export async function readMigrationStatus(
  client: pg.ClientBase,
  files: MigrationFile[],
): Promise<MigrationStatus> {
  return compareWithFiles(files, await readAppliedChecksums(client));
}

/**
 * Applies pending migrations, each in its own transaction, recording them in `_prisma_migrations` the way
 * `prisma migrate deploy` does, so either tool can take over. Safe to run from several processes at once.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: { directory?: string; log?: (line: string) => void } = {},
): Promise<MigrationStatus & { newlyApplied: string[] }> {
  const log = options.log ?? (() => {});
  const files = await readMigrationFiles(options.directory);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockId]);
    await client.query(createMigrationsTable);
    const before = compareWithFiles(files, await readAppliedChecksums(client));
    for (const name of before.modified) log(`warning: migration ${name} was changed after it was applied`);
    const newlyApplied: string[] = [];
    for (const file of files.filter((candidate) => before.pending.includes(candidate.name))) {
      const id = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 0)`,
          [id, file.checksum, file.name],
        );
        await client.query(file.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
      }
      newlyApplied.push(file.name);
      log(`applied migration ${file.name}`);
    }
    const after = compareWithFiles(files, await readAppliedChecksums(client));
    return { ...after, newlyApplied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockId]).catch(() => {});
    await client.end();
  }
}
