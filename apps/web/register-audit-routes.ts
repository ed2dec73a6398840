import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization } from './authorize-target.js';
import { auditQuerySchema } from './management-schemas.js';
import { pageByTime } from './page-by-time.js';
import { parseRequestPart } from './parse-request-part.js';

/** The audit log of an organization and its projects: who changed what, when and from where. */
export async function registerAuditRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  server.get<{ Params: { id: string } }>('/orgs/:id/audit', async (request) => {
    const organization = await authorizeOrganization(request, prisma, request.params.id, 'audit.read');
    const query = parseRequestPart(auditQuerySchema, request.query, 'query');
    const projects = await prisma.project.findMany({
      where: { organizationId: organization.id },
      select: { id: true },
    });
    // `to` bounds the range, `before` the page: the earlier of the two applies.
    const upperBounds = [query.to, query.before].flatMap((bound) => (bound ? [bound.getTime()] : []));
    const createdAt = {
      ...(query.from ? { gte: query.from } : {}),
      ...(upperBounds.length > 0 ? { lt: new Date(Math.min(...upperBounds)) } : {}),
    };
    const rows = await prisma.auditEvent.findMany({
      where: {
        // Events of a project name it; the organization id is not always set on them.
        OR: [
          { organizationId: organization.id },
          { projectId: { in: projects.map((project) => project.id) } },
        ],
        ...(query.action ? { action: query.action } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.projectId ? { projectId: query.projectId } : {}),
        ...(Object.keys(createdAt).length > 0 ? { createdAt } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = pageByTime(rows, query.limit, (row) => row.createdAt);
    return {
      events: page.rows.map((row) => ({
        id: row.id,
        action: row.action,
        actor: row.actor,
        targetType: row.targetType,
        targetId: row.targetId,
        projectId: row.projectId,
        details: row.details,
        ipAddress: row.ipAddress,
        createdAt: row.createdAt.toISOString(),
      })),
      ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}),
    };
  });
}
