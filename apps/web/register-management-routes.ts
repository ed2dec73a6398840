import type { FastifyInstance } from 'fastify';
import type { RouteRegistrar } from '../server/create-server.js';
import { registerApiKeyRoutes } from './register-api-key-routes.js';
import { registerBudgetRoutes } from './register-budget-routes.js';
import { registerOrganizationRoutes } from './register-organization-routes.js';
import { registerProjectRoutes } from './register-project-routes.js';
import { registerProviderRoutes } from './register-provider-routes.js';
import { registerRoutingRoutes } from './register-routing-routes.js';
import { registerUsageRoutes } from './register-usage-routes.js';
import { verifyAdminToken } from './verify-admin-token.js';

/**
 * The management API under /api/v1, behind `Authorization: Bearer <ADMIN_TOKEN>`. Every write is audited
 * and invalidates the project settings cache of every process.
 */
export const registerManagementRoutes: RouteRegistrar = async (server, context) => {
  await server.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request) => {
        verifyAdminToken(request.headers.authorization, context.environment.ADMIN_TOKEN);
      });
      for (const register of [
        registerOrganizationRoutes,
        registerProjectRoutes,
        registerApiKeyRoutes,
        registerBudgetRoutes,
        registerProviderRoutes,
        registerRoutingRoutes,
        registerUsageRoutes,
      ]) {
        await register(scope, context);
      }
    },
    { prefix: '/api/v1' },
  );
};
