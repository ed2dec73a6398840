import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { saveProviderCredential } from '../../core/projects/save-provider-credential.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization, authorizeProject } from './authorize-target.js';
import { providerBodySchema } from './management-schemas.js';
import { parseProviderName } from './parse-provider-name.js';
import { parseRequestPart } from './parse-request-part.js';
import type { ProviderView } from './present-project-settings.js';
import { readAuditOrigin } from './read-audit-origin.js';

interface CredentialOwner {
  scope: 'project' | 'organization';
  scopeId: string;
  organizationId: string;
  projectId?: string;
}

function describeKeyChange(apiKey: string | null | undefined): 'set' | 'cleared' | 'unchanged' {
  if (apiKey === undefined) return 'unchanged';
  return apiKey === null ? 'cleared' : 'set';
}

/** Provider credentials of a project or an organization: stored encrypted, shown masked, removable. */
export async function registerProviderRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  async function putCredential(request: FastifyRequest, owner: CredentialOwner, rawName: string) {
    const name = parseProviderName(rawName);
    const body = parseRequestPart(providerBodySchema, request.body, 'body');
    const saved = await prisma.$transaction(async (transaction) => {
      const credential = await saveProviderCredential({
        prisma: transaction,
        keyring: context.encryptionKeyring,
        owner: { scope: owner.scope, scopeId: owner.scopeId, name },
        organizationId: owner.organizationId,
        change: body,
      });
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: 'provider-credential.update',
        target: { type: `${owner.scope}-provider`, id: credential.id },
        organizationId: owner.organizationId,
        projectId: owner.projectId,
        details: {
          name,
          kind: body.kind,
          baseUrl: credential.baseUrl,
          apiKeyChange: describeKeyChange(body.apiKey),
        },
      });
      return credential;
    });
    await context.projectSettings.invalidate(
      owner.projectId ? { projectId: owner.projectId } : { organizationId: owner.organizationId },
    );
    const view: ProviderView = {
      name: saved.name,
      kind: saved.kind,
      baseUrl: saved.baseUrl,
      keyHint: saved.keyHint,
      source: owner.scope,
    };
    return view;
  }

  async function deleteCredential(request: FastifyRequest, owner: CredentialOwner, rawName: string) {
    const name = parseProviderName(rawName);
    const deleted = await prisma.$transaction(async (transaction) => {
      const removed = await transaction.providerCredential.deleteMany({
        where: { scopeId: owner.scopeId, name },
      });
      if (removed.count > 0) {
        await recordAuditEvent(transaction, {
          ...readAuditOrigin(request),
          action: 'provider-credential.delete',
          target: { type: `${owner.scope}-provider`, id: owner.scopeId },
          organizationId: owner.organizationId,
          projectId: owner.projectId,
          details: { name },
        });
      }
      return removed.count;
    });
    if (deleted === 0) {
      throw new SwitchyardError({
        code: 'provider.not_found',
        message: `The ${owner.scope} ${owner.scopeId} has no provider credential named ${name}`,
        status: 404,
      });
    }
    await context.projectSettings.invalidate(
      owner.projectId ? { projectId: owner.projectId } : { organizationId: owner.organizationId },
    );
  }

  const projectOwner = async (request: FastifyRequest, projectId: string): Promise<CredentialOwner> => {
    const project = await authorizeProject(request, prisma, projectId, 'provider.manage');
    return {
      scope: 'project',
      scopeId: project.id,
      organizationId: project.organizationId,
      projectId: project.id,
    };
  };
  const organizationOwner = async (
    request: FastifyRequest,
    organizationId: string,
  ): Promise<CredentialOwner> => {
    const organization = await authorizeOrganization(request, prisma, organizationId, 'provider.manage');
    return { scope: 'organization', scopeId: organization.id, organizationId: organization.id };
  };

  type Params = { Params: { id: string; name: string } };
  server.put<Params>('/projects/:id/providers/:name', async (request) =>
    putCredential(request, await projectOwner(request, request.params.id), request.params.name),
  );
  server.put<Params>('/orgs/:id/providers/:name', async (request) =>
    putCredential(request, await organizationOwner(request, request.params.id), request.params.name),
  );
  server.delete<Params>('/projects/:id/providers/:name', async (request, reply) => {
    await deleteCredential(request, await projectOwner(request, request.params.id), request.params.name);
    return reply.code(204).send();
  });
  server.delete<Params>('/orgs/:id/providers/:name', async (request, reply) => {
    await deleteCredential(request, await organizationOwner(request, request.params.id), request.params.name);
    return reply.code(204).send();
  });
}
