import type { ManagementOperation } from './openapi-components.js';

/** Provider credentials (and their test call) and routing. */
export const settingsOperations: ManagementOperation[] = [
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
  ...(['projects', 'orgs'] as const).map(
    (owner): ManagementOperation => ({
      method: 'POST',
      path: `/${owner}/:id/providers/:name/test`,
      operationId: `test${owner === 'orgs' ? 'Organization' : 'Project'}Provider`,
      tag: 'providers',
      summary: `Test the ${owner === 'orgs' ? "organization's" : "project's"} provider credential with one cheap call`,
      description:
        'One request of at most one output token ("ping") with the credential in force (a project inherits the ' +
        "organization's and the environment's). The model is the body's, else the first of this provider in the " +
        'routing rules and ROUTER_DEFAULT_MODELS, else its cheapest built-in one. Not charged to any budget and not ' +
        'recorded as usage. A failing provider is still a 200 with ok false and the error.',
      body: 'ProviderTestBody',
      bodyOptional: true,
      success: { status: 200, schema: 'ProviderTest', description: 'Whether the call went through' },
      errors: [400, 404, 503],
    }),
  ),
];
