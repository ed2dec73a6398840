import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { ResolvedProviderCredential } from '../../core/projects/project-settings.js';
import { resolveProviderCredentials } from '../../core/projects/resolve-provider-credentials.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization, authorizeProject } from './authorize-target.js';
import { checkProviderCredential, chooseTestModel } from './check-provider-credential.js';
import { providerTestBodySchema } from './management-schemas.js';
import { parseProviderName } from './parse-provider-name.js';
import { parseRequestPart } from './parse-request-part.js';

function providerNotFoundError(scope: string, scopeId: string, name: string): SwitchyardError {
  return new SwitchyardError({
    code: 'provider.not_found',
    message: `The ${scope} ${scopeId} has no provider named ${name} (neither its own, nor inherited): add it with PUT …/providers/${name}`,
    status: 404,
  });
}

/** The test body is optional: no body (or `{}`) tests the default model. */
function readTestBody(request: FastifyRequest) {
  return parseRequestPart(providerTestBodySchema, request.body ?? {}, 'body');
}

/** "Test this provider": one cheap call with the credential in force, as an admin's check. */
export async function registerProviderTestRoutes(
  server: FastifyInstance,
  context: AppContext,
): Promise<void> {
  const { prisma, environment } = context;
  const check = (credential: ResolvedProviderCredential, model: string) =>
    checkProviderCredential({ credential, model });

  type Params = { Params: { id: string; name: string } };
  server.post<Params>('/projects/:id/providers/:name/test', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'provider.manage');
    const name = parseProviderName(request.params.name);
    const body = readTestBody(request);
    // The credential the router would use for this project: its own, the organization's, or the environment's.
    const settings = await context.projectSettings.get(project.id);
    const credential = settings.providers[name];
    if (!credential) throw providerNotFoundError('project', project.id, name);
    const routed = Object.values(settings.routing).flatMap((rule) => rule.models);
    return check(
      credential,
      chooseTestModel(name, body.model, [...routed, ...environment.ROUTER_DEFAULT_MODELS]),
    );
  });

  server.post<Params>('/orgs/:id/providers/:name/test', async (request) => {
    const organization = await authorizeOrganization(request, prisma, request.params.id, 'provider.manage');
    const name = parseProviderName(request.params.name);
    const body = readTestBody(request);
    const rows = await prisma.providerCredential.findMany({
      where: { scope: 'organization', scopeId: organization.id, name },
    });
    const credential = resolveProviderCredentials({
      projectRows: [],
      organizationRows: rows,
      environment,
      keyring: context.encryptionKeyring,
    })[name];
    if (!credential) throw providerNotFoundError('organization', organization.id, name);
    return check(credential, chooseTestModel(name, body.model, environment.ROUTER_DEFAULT_MODELS));
  });
}
