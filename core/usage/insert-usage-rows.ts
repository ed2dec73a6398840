import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';

export type UsageEventRow = Prisma.UsageEventCreateManyInput;

/** Writes a batch of usage rows; resolves to how many were new (a repeated settlement key is skipped). */
export type UsageRowWriter = (rows: UsageEventRow[]) => Promise<number>;

/**
 * One INSERT … SELECT FROM unnest(…) per batch: 17 array parameters whatever the batch size, and
 * ON CONFLICT on the settlement key so a repeated write is harmless. `createMany` would build and compile a
 * query of rows × columns values in Prisma's query compiler, which costs more CPU than the requests it records.
 */
export function createUsageRowWriter(prisma: Pick<PrismaClient, '$executeRaw'>): UsageRowWriter {
  return (rows) => {
    const column = <T>(pick: (row: UsageEventRow) => T) => rows.map(pick);
    return prisma.$executeRaw`
      INSERT INTO "usage_events" ("project_id", "organization_id", "settlement_key", "request_id", "job_id", "source",
        "agent", "provider", "model", "input_tokens", "output_tokens", "cost_usd", "latency_ms", "outcome", "error_code",
        "attempts", "created_at")
      SELECT * FROM unnest(
        ${column((row) => row.projectId)}::uuid[], ${column((row) => row.organizationId)}::uuid[],
        ${column((row) => row.settlementKey)}::text[], ${column((row) => row.requestId)}::text[],
        ${column((row) => row.jobId ?? null)}::text[], ${column((row) => row.source)}::text[],
        ${column((row) => row.agent ?? null)}::text[], ${column((row) => row.provider)}::text[],
        ${column((row) => row.model)}::text[], ${column((row) => row.inputTokens)}::int4[],
        ${column((row) => row.outputTokens)}::int4[], ${column((row) => String(row.costUsd))}::numeric[],
        ${column((row) => row.latencyMs)}::int4[], ${column((row) => row.outcome)}::text[],
        ${column((row) => row.errorCode ?? null)}::text[], ${column((row) => JSON.stringify(row.attempts))}::jsonb[],
        ${column((row) => (row.createdAt instanceof Date ? row.createdAt : new Date(row.createdAt ?? Date.now())).toISOString())}::timestamptz[]
      )
      ON CONFLICT ("settlement_key") DO NOTHING`;
  };
}
