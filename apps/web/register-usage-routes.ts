import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization, authorizeProject } from './authorize-target.js';
import { formatCsv } from './format-csv.js';
import { organizationUsageQuerySchema, usageCsvQuerySchema, usageQuerySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { readUsageReport, readUsageTable, type UsageScope } from './read-usage-report.js';

function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** `[from, to)` of a usage request: the start of the UTC month until now unless named; never empty. */
function readUsageRange(query: { from?: Date; to?: Date }): { from: Date; to: Date } {
  const now = new Date();
  const from = query.from ?? startOfUtcMonth(now);
  const to = query.to ?? now;
  if (from >= to) {
    throw new SwitchyardError({
      code: 'request.invalid',
      message: `The usage range is empty: from (${from.toISOString()}) must be before to (${to.toISOString()})`,
      status: 400,
    });
  }
  return { from, to };
}

/** The columns of the usage export, in order. */
export const usageCsvHeader = [
  'day',
  'provider',
  'model',
  'agent',
  'calls',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'p50_latency_ms',
  'p95_latency_ms',
  'failovers',
] as const;

/** The columns of an organization's usage export: the project's, and which project (name, then id). */
export const organizationUsageCsvHeader = [
  'day',
  'project',
  'project_id',
  ...usageCsvHeader.slice(1),
] as const;

/** Answers the usage table of a project or an organization in the request's range as a CSV download. */
async function sendUsageCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  context: AppContext,
  scope: UsageScope,
): Promise<void> {
  const range = readUsageRange(parseRequestPart(usageCsvQuerySchema, request.query, 'query'));
  const rows = await readUsageTable({ prisma: context.prisma, scope, ...range });
  const perOrganization = 'organizationId' in scope;
  const csv = formatCsv(
    perOrganization ? organizationUsageCsvHeader : usageCsvHeader,
    rows.map((row) => [
      row.day,
      ...(perOrganization ? [row.projectName, row.projectId] : []),
      row.provider,
      row.model,
      row.agent,
      row.calls,
      row.inputTokens,
      row.outputTokens,
      row.costUsd.toFixed(9).replace(/\.?0+$/, '') || '0',
      row.p50LatencyMs,
      row.p95LatencyMs,
      row.failovers,
    ]),
  );
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const owner = perOrganization ? `org-${scope.organizationId}` : scope.projectId;
  await reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="usage-${owner}-${day(range.from)}-${day(range.to)}.csv"`,
    )
    .send(csv);
}

/**
 * A project's usage (requests, tokens, cost, latency and failovers per day, provider, model or agent), and an
 * organization's, which can also be grouped per project.
 */
export async function registerUsageRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  server.get<{ Params: { id: string } }>('/projects/:id/usage', async (request) => {
    const project = await authorizeProject(request, context.prisma, request.params.id, 'usage.read');
    const query = parseRequestPart(usageQuerySchema, request.query, 'query');
    return readUsageReport({
      prisma: context.prisma,
      scope: { projectId: project.id },
      ...readUsageRange(query),
      groupBy: query.groupBy,
    });
  });

  server.get<{ Params: { id: string } }>('/orgs/:id/usage', async (request) => {
    const organization = await authorizeOrganization(
      request,
      context.prisma,
      request.params.id,
      'usage.read',
    );
    const query = parseRequestPart(organizationUsageQuerySchema, request.query, 'query');
    return readUsageReport({
      prisma: context.prisma,
      scope: { organizationId: organization.id },
      ...readUsageRange(query),
      groupBy: query.groupBy,
    });
  });

  server.get<{ Params: { id: string } }>('/projects/:id/usage.csv', async (request, reply) => {
    const project = await authorizeProject(request, context.prisma, request.params.id, 'usage.read');
    await sendUsageCsv(request, reply, context, { projectId: project.id });
  });

  server.get<{ Params: { id: string } }>('/orgs/:id/usage.csv', async (request, reply) => {
    const organization = await authorizeOrganization(
      request,
      context.prisma,
      request.params.id,
      'usage.read',
    );
    await sendUsageCsv(request, reply, context, { organizationId: organization.id });
  });
}
