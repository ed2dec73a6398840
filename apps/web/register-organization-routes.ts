import type { FastifyInstance } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization, forbiddenError } from './authorize-target.js';
import { listedRecordFields } from './listed-record-fields.js';
import { createOrganizationBodySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { presentBudget, presentProviders } from './present-project-settings.js';
import { readAuditOrigin } from './read-audit-origin.js';
import { readProjectStatuses } from './read-project-statuses.js';
import { readPrincipal } from './resolve-principal.js';

/** Organizations: create, list, read one (budget and masked providers) and list its projects. */
export async function registerOrganizationRoutes(
  server: FastifyInstance,
  context: AppContext,
): Promise<void> {
  const { prisma } = context;

  server.post('/orgs', async (request, reply) => {
    const principal = readPrincipal(request);
    if (principal.type !== 'admin-token') throw forbiddenError(principal, 'organization.create');
    const body = parseRequestPart(createOrganizationBodySchema, request.body, 'body');
    const organization = await prisma.$transaction(async (transaction) => {
      const created = await transaction.organization.create({
        data: { name: body.name },
        select: { id: true },
      });
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: 'organization.create',
        target: { type: 'organization', id: created.id },
        organizationId: created.id,
        details: { name: body.name },
      });
      return created;
    });
    await context.projectSettings.invalidate({ organizationId: organization.id });
    return reply.code(201).send({ id: organization.id });
  });

  server.get('/orgs', async (request) => {
    const principal = readPrincipal(request);
    if (principal.type === 'api-key') throw forbiddenError(principal, 'organization.read');
    const organizations = await prisma.organization.findMany({
      // A user lists only the organizations they belong to.
      where: principal.type === 'user' ? { id: { in: [...principal.memberships.keys()] } } : {},
      select: listedRecordFields,
      orderBy: { createdAt: 'asc' },
    });
    return { organizations };
  });

  server.get<{ Params: { id: string } }>('/orgs/:id', async (request) => {
    await authorizeOrganization(request, prisma, request.params.id, 'organization.read');
    const organization = await prisma.organization.findUniqueOrThrow({
      where: { id: request.params.id },
      include: {
        budgets: { where: { scope: 'organization' } },
        providerCredentials: { where: { scope: 'organization' } },
      },
    });
    return {
      id: organization.id,
      name: organization.name,
      platform: organization.platform,
      createdAt: organization.createdAt,
      budget: presentBudget(organization.budgets[0]),
      providers: presentProviders({
        environment: context.environment,
        organizationRows: organization.providerCredentials,
      }),
    };
  });

  server.get<{ Params: { id: string } }>('/orgs/:id/projects', async (request) => {
    const organization = await authorizeOrganization(request, prisma, request.params.id, 'organization.read');
    return { projects: await readProjectStatuses(prisma, context.environment, organization.id) };
  });
}
