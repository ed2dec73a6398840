import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { Prisma } from '../../generated/prisma/client.js';

/** Totals of one group (a UTC day, a provider, a `provider:model`, an agent or a project's id). */
export interface UsageRow {
  key: string;
  /** The project's name, when grouped by project. */
  name?: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Median latency of the successful calls; null when there were none. */
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  /** Successful calls served by another model than the first one the router tried. */
  failovers: number;
}

export type UsageGroupBy = 'day' | 'provider' | 'model' | 'agent' | 'project';

/** Whose usage: one project's, or that of every project of an organization. */
export type UsageScope = { projectId: string } | { organizationId: string };

export interface UsageReport {
  from: Date;
  to: Date;
  groupBy: UsageGroupBy;
  rows: UsageRow[];
  totals: Omit<UsageRow, 'key'>;
}

/** One line of the usage table export: a UTC day, project, provider, model and agent, with their measures. */
export interface UsageTableRow extends Omit<UsageRow, 'key' | 'name' | 'requests'> {
  day: string;
  projectId: string;
  projectName: string;
  provider: string;
  model: string;
  agent: string;
  calls: number;
}

// Fixed SQL fragments chosen from a validated enum; never built from request text.
// Grouped as a date (a cast costs a fraction of to_char on every row) and formatted once per group.
const dayExpression = Prisma.raw(`(created_at AT TIME ZONE 'UTC')::date`);

/** A UTC day as the API writes it, `YYYY-MM-DD`, from the `date` Postgres hands back (other keys as they are). */
function formatKey(key: unknown): string {
  return key instanceof Date ? key.toISOString().slice(0, 10) : String(key);
}
// Gateway calls name no agent: they are grouped under their source, `gateway`.
const agentExpression = Prisma.raw('COALESCE(agent, source)');
const groupExpressions: Record<UsageGroupBy, Prisma.Sql> = {
  day: dayExpression,
  provider: Prisma.raw('provider'),
  model: Prisma.raw(`provider || ':' || model`),
  agent: agentExpression,
  project: Prisma.raw('project_id::text'),
};

function scopeCondition(scope: UsageScope): Prisma.Sql {
  if ('projectId' in scope) return Prisma.sql`project_id = ${scope.projectId}::uuid`;
  return Prisma.sql`organization_id = ${scope.organizationId}::uuid
    AND project_id IN (SELECT id FROM projects WHERE organization_id = ${scope.organizationId}::uuid)`;
}

// A failover: the call succeeded on another candidate than the first in its attempt log (a retry of the
// same model is not one). `->` on a non-array is NULL, so a malformed log never fails the query.
const measures = Prisma.sql`
  COUNT(*)::float8 AS "requests",
  COALESCE(SUM(input_tokens), 0)::float8 AS "inputTokens",
  COALESCE(SUM(output_tokens), 0)::float8 AS "outputTokens",
  COALESCE(SUM(cost_usd), 0)::float8 AS "costUsd",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome = 'success') AS "p50LatencyMs",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome = 'success') AS "p95LatencyMs",
  COUNT(*) FILTER (
    WHERE outcome = 'success' AND attempts->1 IS NOT NULL
      AND (attempts->0->>'candidate') IS DISTINCT FROM (provider || ':' || model)
  )::float8 AS "failovers"`;

function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function roundLatency(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

function tidy<Row extends { costUsd: number; p50LatencyMs: number | null; p95LatencyMs: number | null }>(
  row: Row,
): Row {
  return {
    ...row,
    costUsd: roundUsd(row.costUsd),
    p50LatencyMs: roundLatency(row.p50LatencyMs),
    p95LatencyMs: roundLatency(row.p95LatencyMs),
  };
}

/**
 * Sums the usage events of a project (or of an organization's projects) in [from, to) per day, provider,
 * model, agent or project, with totals. Project rows are keyed by the project's id and carry its name.
 */
export async function readUsageReport(options: {
  prisma: PrismaClient;
  scope: UsageScope;
  from: Date;
  to: Date;
  groupBy: UsageGroupBy;
}): Promise<UsageReport> {
  const { from, to, groupBy } = options;
  const group = groupExpressions[groupBy];
  // The empty grouping set is the totals row: its percentiles are over every call, not a sum of groups.
  const rows = await options.prisma.$queryRaw<(UsageRow & { total: number })[]>`
    SELECT ${group} AS "key", GROUPING(${group})::int AS "total", ${measures}
    FROM usage_events
    WHERE ${scopeCondition(options.scope)} AND created_at >= ${from} AND created_at < ${to}
    GROUP BY GROUPING SETS ((${group}), ())
    ORDER BY 2, 1`;
  const empty = {
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    p50LatencyMs: null,
    p95LatencyMs: null,
    failovers: 0,
  };
  const groups: UsageRow[] = [];
  let totals: Omit<UsageRow, 'key'> = empty;
  for (const { total, ...row } of rows) {
    if (total === 1) {
      const { key: _none, ...sums } = row;
      totals = tidy(sums);
    } else {
      groups.push(tidy({ ...row, key: formatKey(row.key) }));
    }
  }
  if (groupBy === 'project' && groups.length > 0) {
    const projects = await options.prisma.project.findMany({
      where: { id: { in: groups.map((row) => row.key) } },
      select: { id: true, name: true },
    });
    const names = new Map(projects.map((project) => [project.id, project.name]));
    for (const row of groups) row.name = names.get(row.key) ?? row.key;
  }
  return { from, to, groupBy, rows: groups, totals };
}

/**
 * The usage events of a project (or of an organization's projects) in [from, to) per UTC day, project,
 * provider, model and agent: oldest day first, then by project name.
 */
export async function readUsageTable(options: {
  prisma: PrismaClient;
  scope: UsageScope;
  from: Date;
  to: Date;
}): Promise<UsageTableRow[]> {
  const rows = await options.prisma.$queryRaw<
    (Omit<UsageTableRow, 'calls' | 'projectName'> & { requests: number })[]
  >`
    SELECT ${dayExpression} AS "day", project_id::text AS "projectId", provider, model,
      ${agentExpression} AS "agent", ${measures}
    FROM usage_events
    WHERE ${scopeCondition(options.scope)} AND created_at >= ${options.from} AND created_at < ${options.to}
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5`;
  const projects = await options.prisma.project.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.projectId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(projects.map((project) => [project.id, project.name]));
  const table = rows.map(({ requests, ...row }) =>
    tidy({
      ...row,
      day: formatKey(row.day),
      projectName: names.get(row.projectId) ?? row.projectId,
      calls: requests,
    }),
  );
  // Code-point order, the same on every machine; stable, so provider, model and agent keep the SQL order.
  const compare = (first: string, second: string) => (first < second ? -1 : first > second ? 1 : 0);
  return table.sort(
    (first, second) => compare(first.day, second.day) || compare(first.projectName, second.projectName),
  );
}
