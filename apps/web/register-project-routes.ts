import type { FastifyInstance } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { isUniqueViolation } from '../../core/db/is-unique-violation.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { readProjectSettingsRecord } from '../../core/projects/load-project-settings.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization, authorizeProject } from './authorize-target.js';
import { projectNotFoundError } from './find-management-target.js';
import { cacheBodySchema, createProjectBodySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { presentProjectSettings } from './present-project-settings.js';
import { readAuditOrigin } from './read-audit-origin.js';

/** Projects: create one in an organization, read its settings (providers masked), set its response cache. */
export async function registerProjectRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  server.post('/projects', async (request, reply) => {
    const body = parseRequestPart(createProjectBodySchema, request.body, 'body');
    const organization = await authorizeOrganization(request, prisma, body.orgId, 'project.manage');
    let projectId: string;
    try {
      projectId = await prisma.$transaction(async (transaction) => {
        const created = await transaction.project.create({
          data: { organizationId: organization.id, name: body.name },
          select: { id: true },
        });
        await recordAuditEvent(transaction, {
          ...readAuditOrigin(request),
          action: 'project.create',
          target: { type: 'project', id: created.id },
          organizationId: organization.id,
          projectId: created.id,
          details: { name: body.name },
        });
        return created.id;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new SwitchyardError({
        code: 'project.name_taken',
        message: `Organization ${organization.name} already has a project named ${body.name}: choose another name`,
        status: 409,
      });
    }
    await context.projectSettings.invalidate({ projectId });
    return reply.code(201).send({ id: projectId });
  });

  server.get<{ Params: { id: string } }>('/projects/:id', async (request) => {
    await authorizeProject(request, prisma, request.params.id, 'organization.read');
    const record = await readProjectSettingsRecord(prisma, request.params.id);
    if (!record) throw projectNotFoundError(request.params.id);
    return presentProjectSettings(record, context.environment);
  });

  server.put<{ Params: { id: string } }>('/projects/:id/cache', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'project.manage');
    const { ttlSeconds } = parseRequestPart(cacheBodySchema, request.body, 'body');
    await prisma.$transaction(async (transaction) => {
      const previous = await transaction.project.findUniqueOrThrow({
        where: { id: project.id },
        select: { cacheTtlSeconds: true },
      });
      await transaction.project.update({ where: { id: project.id }, data: { cacheTtlSeconds: ttlSeconds } });
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: 'project-cache.update',
        target: { type: 'project', id: project.id },
        organizationId: project.organizationId,
        projectId: project.id,
        details: { previousTtlSeconds: previous.cacheTtlSeconds, ttlSeconds },
      });
    });
    await context.projectSettings.invalidate({ projectId: project.id });
    return { ttlSeconds };
  });
}
