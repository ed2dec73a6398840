import { registerGatewayRoutes } from '../gateway/register-gateway-routes.js';
import { registerGitHubRoutes } from '../github/register-github-routes.js';
import { registerGitLabRoutes } from '../gitlab/register-gitlab-routes.js';
import { registerSlackRoutes } from '../slack/register-slack-routes.js';
import { registerManagementRoutes } from '../web/register-management-routes.js';
import { registerOpenApiRoute } from '../web/register-openapi-route.js';
import { registerWebPageRoutes } from '../web/register-web-page-routes.js';
import type { RouteRegistrar } from './create-server.js';

/** The OpenAI-compatible gateway, wired to the project keys, settings and router of the context. */
const registerGateway: RouteRegistrar = (server, context) =>
  registerGatewayRoutes(server, {
    authenticate: (key) => context.apiKeyAuthenticator.authenticateApiKey(key),
    loadSettings: (projectId) => context.projectSettings.get(projectId),
    router: context.routing.router,
  });

/** Every app's routes, in the order they are mounted. */
export const appRoutes: RouteRegistrar[] = [
  registerGateway,
  registerManagementRoutes,
  registerOpenApiRoute,
  registerGitHubRoutes,
  registerGitLabRoutes,
  registerSlackRoutes,
  registerWebPageRoutes,
];
