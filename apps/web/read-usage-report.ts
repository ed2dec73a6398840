import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { Prisma } from '../../generated/prisma/client.js';

/** Totals of one group (a UTC day, a provider, or a `provider:model`). */
export interface UsageRow {
  key: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface UsageReport {
  from: Date;
  to: Date;
  groupBy: 'day' | 'provider' | 'model';
  rows: UsageRow[];
  totals: Omit<UsageRow, 'key'>;
}

// Fixed SQL fragments chosen from a validated enum; never built from request text.
const groupExpressions = {
  day: Prisma.raw(`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`),
  provider: Prisma.raw('provider'),
  model: Prisma.raw(`provider || ':' || model`),
} as const;

function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** Sums a project's usage events in [from, to) per day, provider or model. */
export async function readUsageReport(options: {
  prisma: PrismaClient;
  projectId: string;
  from: Date;
  to: Date;
  groupBy: 'day' | 'provider' | 'model';
}): Promise<UsageReport> {
  const { from, to, groupBy } = options;
  const rows = await options.prisma.$queryRaw<UsageRow[]>`
    SELECT ${groupExpressions[groupBy]} AS "key",
           COUNT(*)::float8 AS "requests",
           COALESCE(SUM(input_tokens), 0)::float8 AS "inputTokens",
           COALESCE(SUM(output_tokens), 0)::float8 AS "outputTokens",
           COALESCE(SUM(cost_usd), 0)::float8 AS "costUsd"
    FROM usage_events
    WHERE project_id = ${options.projectId}::uuid AND created_at >= ${from} AND created_at < ${to}
    GROUP BY 1
    ORDER BY 1`;
  const totals = { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  for (const row of rows) {
    totals.requests += row.requests;
    totals.inputTokens += row.inputTokens;
    totals.outputTokens += row.outputTokens;
    totals.costUsd += row.costUsd;
  }
  totals.costUsd = roundUsd(totals.costUsd);
  return { from, to, groupBy, rows: rows.map((row) => ({ ...row, costUsd: roundUsd(row.costUsd) })), totals };
}
