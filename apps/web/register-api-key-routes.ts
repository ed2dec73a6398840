import type { FastifyInstance } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { createApiKey } from '../../core/projects/create-api-key.js';
import { isUuid } from '../../core/projects/is-uuid.js';
import { revokeApiKey } from '../../core/projects/revoke-api-key.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeProject } from './authorize-target.js';
import { createApiKeyBodySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { readAuditOrigin } from './read-audit-origin.js';

/** Project API keys for the gateway: create (the key is shown once), list (no hashes), revoke. */
export async function registerApiKeyRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  server.post<{ Params: { id: string } }>('/projects/:id/keys', async (request, reply) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'api-key.manage');
    const body = parseRequestPart(createApiKeyBodySchema, request.body, 'body');
    const created = await prisma.$transaction(async (transaction) => {
      const apiKey = await createApiKey({ prisma: transaction, projectId: project.id, name: body.name });
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: 'api-key.create',
        target: { type: 'api-key', id: apiKey.id },
        organizationId: project.organizationId,
        projectId: project.id,
        details: { name: body.name, prefix: apiKey.prefix },
      });
      return apiKey;
    });
    await context.projectSettings.invalidate({ projectId: project.id });
    return reply.code(201).send({
      id: created.id,
      key: created.key,
      prefix: created.prefix,
      name: body.name,
      createdAt: created.createdAt,
    });
  });

  server.get<{ Params: { id: string } }>('/projects/:id/keys', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'organization.read');
    const keys = await prisma.apiKey.findMany({
      where: { projectId: project.id },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
      orderBy: { createdAt: 'asc' },
    });
    return { keys };
  });

  server.delete<{ Params: { id: string; keyId: string } }>(
    '/projects/:id/keys/:keyId',
    async (request, reply) => {
      const project = await authorizeProject(request, prisma, request.params.id, 'api-key.manage');
      const apiKeyId = request.params.keyId;
      const revoked = isUuid(apiKeyId)
        ? await revokeApiKey({
            prisma,
            redis: context.redis,
            keyPrefix: context.environment.REDIS_KEY_PREFIX,
            projectId: project.id,
            apiKeyId,
          })
        : null;
      if (!revoked) {
        throw new SwitchyardError({
          code: 'api_key.not_found',
          message: `Project ${project.id} has no API key ${apiKeyId}: list them with GET /api/v1/projects/${project.id}/keys`,
          status: 404,
        });
      }
      // This process stops accepting the key now; the others hear it through Redis pub/sub.
      context.apiKeyAuthenticator.forgetApiKey(apiKeyId);
      await recordAuditEvent(prisma, {
        ...readAuditOrigin(request),
        action: 'api-key.revoke',
        target: { type: 'api-key', id: apiKeyId },
        organizationId: project.organizationId,
        projectId: project.id,
      });
      await context.projectSettings.invalidate({ projectId: project.id });
      return reply.code(204).send();
    },
  );
}
