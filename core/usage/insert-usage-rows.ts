import pg from 'pg';
import type { Prisma } from '../../generated/prisma/client.js';

export type UsageEventRow = Prisma.UsageEventCreateManyInput;

/** Writes a batch of usage rows; resolves to how many were new (a repeated settlement key is skipped). */
export type UsageRowWriter = (rows: UsageEventRow[]) => Promise<number>;

const insertUsageRows = `
  INSERT INTO "usage_events" ("project_id", "organization_id", "settlement_key", "request_id", "job_id", "source",
    "agent", "provider", "model", "input_tokens", "output_tokens", "cost_usd", "latency_ms", "outcome", "error_code",
    "attempts", "created_at")
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::int4[], $11::int4[], $12::numeric[], $13::int4[], $14::text[], $15::text[], $16::jsonb[],
    $17::timestamptz[])
  ON CONFLICT ("settlement_key") DO NOTHING`;

/**
 * Usage rows go to Postgres as one INSERT … SELECT FROM unnest(…) per batch: 17 array parameters whatever the
 * batch size, ON CONFLICT on the settlement key so a repeated write is harmless. This one statement runs on
 * `pg` directly (the driver under Prisma's adapter, same database and table as the UsageEvent model) because
 * Prisma's query compiler spent more CPU serializing a batch than the gateway spent serving its requests.
 */
export function createUsageRowWriter(options: { databaseUrl: string; poolSize?: number }): {
  write: UsageRowWriter;
  close(): Promise<void>;
} {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 2 });
  pool.on('error', () => {
    // An idle connection dropped; the next write reconnects and reports its own failure.
  });
  const write: UsageRowWriter = async (rows) => {
    const column = <T>(pick: (row: UsageEventRow) => T) => rows.map(pick);
    const result = await pool.query(insertUsageRows, [
      column((row) => row.projectId),
      column((row) => row.organizationId),
      column((row) => row.settlementKey),
      column((row) => row.requestId),
      column((row) => row.jobId ?? null),
      column((row) => row.source),
      column((row) => row.agent ?? null),
      column((row) => row.provider),
      column((row) => row.model),
      column((row) => row.inputTokens),
      column((row) => row.outputTokens),
      column((row) => String(row.costUsd)),
      column((row) => row.latencyMs),
      column((row) => row.outcome),
      column((row) => row.errorCode ?? null),
      column((row) => JSON.stringify(row.attempts)),
      column((row) =>
        row.createdAt instanceof Date ? row.createdAt : new Date(row.createdAt ?? Date.now()),
      ),
    ]);
    return result.rowCount ?? 0;
  };
  return { write, close: () => pool.end() };
}
