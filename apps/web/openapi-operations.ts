import type { z } from 'zod';
import {
  apiKeyListResponseSchema,
  budgetResponseSchema,
  cacheResponseSchema,
  createdApiKeyResponseSchema,
  createdResponseSchema,
  errorBodySchema,
  organizationListResponseSchema,
  organizationResponseSchema,
  pricesResponseSchema,
  projectListResponseSchema,
  projectResponseSchema,
  providerResponseSchema,
  routingRuleResponseSchema,
  usageResponseSchema,
} from './management-response-schemas.js';
import {
  budgetBodySchema,
  cacheBodySchema,
  createApiKeyBodySchema,
  createOrganizationBodySchema,
  createProjectBodySchema,
  pricesBodySchema,
  providerBodySchema,
  routingBodySchema,
  usageQuerySchema,
} from './management-schemas.js';

// Every route under /api/v1, described once. test/apps/web/openapi.test.ts compares this list with the
// routes Fastify registers: a route added without an entry here (or an entry without its route) fails it.

/** Request bodies, by component name: the very schemas the handlers pass to parseRequestPart. */
export const requestBodySchemas = {
  CreateOrganizationBody: createOrganizationBodySchema,
  CreateProjectBody: createProjectBodySchema,
  CreateApiKeyBody: createApiKeyBodySchema,
  BudgetBody: budgetBodySchema,
  ProviderBody: providerBodySchema,
  RoutingBody: routingBodySchema,
  PricesBody: pricesBodySchema,
  CacheBody: cacheBodySchema,
} satisfies Record<string, z.ZodType>;

/** Answers, by component name (see management-response-schemas.ts). */
export const responseSchemas = {
  Error: errorBodySchema,
  Created: createdResponseSchema,
  OrganizationList: organizationListResponseSchema,
  ProjectList: projectListResponseSchema,
  Organization: organizationResponseSchema,
  Project: projectResponseSchema,
  Budget: budgetResponseSchema,
  Provider: providerResponseSchema,
  Cache: cacheResponseSchema,
  CreatedApiKey: createdApiKeyResponseSchema,
  ApiKeyList: apiKeyListResponseSchema,
  RoutingRule: routingRuleResponseSchema,
  Prices: pricesResponseSchema,
  Usage: usageResponseSchema,
} satisfies Record<string, z.ZodType>;

/** Error answers an operation can give besides 401 (which every authenticated one can). */
export type ErrorStatus = 400 | 404 | 409 | 503;

export interface ManagementOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The Fastify path below /api/v1, with `:param` segments. */
  path: string;
  operationId: string;
  tag: 'organizations' | 'projects' | 'keys' | 'budgets' | 'providers' | 'routing' | 'usage' | 'meta';
  summary: string;
  description?: string;
  body?: keyof typeof requestBodySchemas;
  /** A query schema (a strict object), turned into one parameter per field. */
  query?: z.ZodObject;
  /** The success answer; no `schema` means an empty body (204). */
  success: { status: 200 | 201 | 204; schema?: keyof typeof responseSchemas; description: string };
  errors: ErrorStatus[];
  /** Served without authentication. */
  public?: true;
}

export const managementOperations: ManagementOperation[] = [
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDescription',
    tag: 'meta',
    summary: 'This OpenAPI description',
    success: { status: 200, description: 'The OpenAPI 3.1 document' },
    errors: [],
    public: true,
  },
  {
    method: 'POST',
    path: '/orgs',
    operationId: 'createOrganization',
    tag: 'organizations',
    summary: 'Create an organization',
    body: 'CreateOrganizationBody',
    success: { status: 201, schema: 'Created', description: 'The new organization' },
    errors: [400],
  },
  {
    method: 'GET',
    path: '/orgs',
    operationId: 'listOrganizations',
    tag: 'organizations',
    summary: 'List organizations',
    success: { status: 200, schema: 'OrganizationList', description: 'Every organization, oldest first' },
    errors: [],
  },
  {
    method: 'GET',
    path: '/orgs/:id',
    operationId: 'getOrganization',
    tag: 'organizations',
    summary: 'Read an organization with its budget and masked providers',
    success: { status: 200, schema: 'Organization', description: 'The organization' },
    errors: [404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/projects',
    operationId: 'listOrganizationProjects',
    tag: 'organizations',
    summary: "List an organization's projects",
    success: { status: 200, schema: 'ProjectList', description: 'The projects, by name' },
    errors: [404],
  },
  {
    method: 'POST',
    path: '/projects',
    operationId: 'createProject',
    tag: 'projects',
    summary: 'Create a project in an organization',
    body: 'CreateProjectBody',
    success: { status: 201, schema: 'Created', description: 'The new project' },
    errors: [400, 404, 409],
  },
  {
    method: 'GET',
    path: '/projects/:id',
    operationId: 'getProject',
    tag: 'projects',
    summary: "Read a project's settings (providers masked)",
    success: { status: 200, schema: 'Project', description: 'The project and the settings in force' },
    errors: [404],
  },
  {
    method: 'PUT',
    path: '/projects/:id/cache',
    operationId: 'setProjectCache',
    tag: 'projects',
    summary: 'Set how long an exact-match response is served from cache (0 disables it)',
    body: 'CacheBody',
    success: { status: 200, schema: 'Cache', description: 'The TTL now in force' },
    errors: [400, 404],
  },
  {
    method: 'POST',
    path: '/projects/:id/keys',
    operationId: 'createApiKey',
    tag: 'keys',
    summary: 'Create a gateway API key (shown once)',
    body: 'CreateApiKeyBody',
    success: { status: 201, schema: 'CreatedApiKey', description: 'The key, the only time it is shown' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/projects/:id/keys',
    operationId: 'listApiKeys',
    tag: 'keys',
    summary: "List a project's API keys (no secrets)",
    success: { status: 200, schema: 'ApiKeyList', description: 'The keys, oldest first' },
    errors: [404],
  },
  {
    method: 'DELETE',
    path: '/projects/:id/keys/:keyId',
    operationId: 'revokeApiKey',
    tag: 'keys',
    summary: 'Revoke an API key; every process stops accepting it at once',
    success: { status: 204, description: 'Revoked' },
    errors: [404],
  },
  {
    method: 'PUT',
    path: '/projects/:id/budget',
    operationId: 'setProjectBudget',
    tag: 'budgets',
    summary: "Set a project's budget",
    description: 'A field left out keeps its value; null clears a limit. Days and months are UTC.',
    body: 'BudgetBody',
    success: { status: 200, schema: 'Budget', description: 'The budget now in force' },
    errors: [400, 404],
  },
  {
    method: 'PUT',
    path: '/orgs/:id/budget',
    operationId: 'setOrganizationBudget',
    tag: 'budgets',
    summary: "Set an organization's budget",
    description: 'A field left out keeps its value; null clears a limit. Days and months are UTC.',
    body: 'BudgetBody',
    success: { status: 200, schema: 'Budget', description: 'The budget now in force' },
    errors: [400, 404],
  },
  ...(['projects', 'orgs'] as const).flatMap((owner): ManagementOperation[] => {
    const scope = owner === 'orgs' ? 'Organization' : 'Project';
    return [
      {
        method: 'PUT',
        path: `/${owner}/:id/providers/:name`,
        operationId: `set${scope}Provider`,
        tag: 'providers',
        summary: `Add or replace a provider credential of the ${scope.toLowerCase()}`,
        description:
          'The key is stored encrypted and never returned. A field left out keeps its value; null clears it.',
        body: 'ProviderBody',
        success: { status: 200, schema: 'Provider', description: 'The provider, key masked' },
        errors: [400, 404, 503],
      },
      {
        method: 'DELETE',
        path: `/${owner}/:id/providers/:name`,
        operationId: `delete${scope}Provider`,
        tag: 'providers',
        summary: `Remove a provider credential of the ${scope.toLowerCase()}`,
        success: { status: 204, description: 'Removed' },
        errors: [400, 404],
      },
    ];
  }),
  {
    method: 'PUT',
    path: '/projects/:id/routing',
    operationId: 'setRoutingRule',
    tag: 'routing',
    summary: "Set one agent's routing rule (agent `default` when omitted)",
    description:
      'Also refused with 400: weights naming a model not in models, a model not in allowedModels, a model listed twice.',
    body: 'RoutingBody',
    success: { status: 200, schema: 'RoutingRule', description: 'The rule now in force' },
    errors: [400, 404],
  },
  {
    method: 'PUT',
    path: '/projects/:id/prices',
    operationId: 'setPriceOverrides',
    tag: 'routing',
    summary: "Replace the project's price overrides, keyed by provider:model (USD per million tokens)",
    body: 'PricesBody',
    success: { status: 200, schema: 'Prices', description: 'The overrides now in force' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/projects/:id/usage',
    operationId: 'getUsage',
    tag: 'usage',
    summary: "Sum a project's usage in [from, to) per day, provider or model",
    description:
      '`from` defaults to the start of the UTC month, `to` to now. Unknown query parameters are a 400.',
    query: usageQuerySchema,
    success: { status: 200, schema: 'Usage', description: 'Rows and totals' },
    errors: [400, 404],
  },
];
