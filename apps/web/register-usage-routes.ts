import type { FastifyInstance } from 'fastify';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeProject } from './authorize-target.js';
import { usageQuerySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { readUsageReport } from './read-usage-report.js';

function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** A project's usage: requests, tokens and cost per day, provider or model, with totals. */
export async function registerUsageRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  server.get<{ Params: { id: string } }>('/projects/:id/usage', async (request) => {
    const project = await authorizeProject(request, context.prisma, request.params.id, 'usage.read');
    const query = parseRequestPart(usageQuerySchema, request.query, 'query');
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
    return readUsageReport({
      prisma: context.prisma,
      projectId: project.id,
      from,
      to,
      groupBy: query.groupBy,
    });
  });
}
