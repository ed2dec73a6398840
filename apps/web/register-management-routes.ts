import type { FastifyInstance } from 'fastify';
import { isSwitchyardError } from '../../core/errors/switchyard-error.js';
import type { RouteRegistrar } from '../server/create-server.js';
import { createAuthServices } from './create-auth-services.js';
import { registerAlertChannelRoutes } from './register-alert-channel-routes.js';
import { registerApiKeyRoutes } from './register-api-key-routes.js';
import { registerAuditRoutes } from './register-audit-routes.js';
import { registerAuthRoutes } from './register-auth-routes.js';
import { registerBudgetRoutes } from './register-budget-routes.js';
import { registerEventRoutes } from './register-event-routes.js';
import { registerInviteRoutes } from './register-invite-routes.js';
import { registerJobRoutes } from './register-job-routes.js';
import { registerOidcRoutes } from './register-oidc-routes.js';
import { registerOrganizationRoutes } from './register-organization-routes.js';
import { registerProjectRoutes } from './register-project-routes.js';
import { registerProviderRoutes } from './register-provider-routes.js';
import { registerProviderTestRoutes } from './register-provider-test-routes.js';
import { registerRoutingRoutes } from './register-routing-routes.js';
import { registerUsageRoutes } from './register-usage-routes.js';
import { registerUserRoutes } from './register-user-routes.js';
import { resolvePrincipal } from './resolve-principal.js';
import { clearSessionCookie } from './write-session-cookie.js';

/**
 * The management API under /api/v1. Every request except sign-in (password or single sign-on) and accepting
 * an invite names its principal (session cookie with CSRF token, ADMIN_TOKEN, or a project API key); each
 * route checks the principal's role in the organization it touches. Every write is audited and invalidates
 * the project settings cache of every process.
 */
export const registerManagementRoutes: RouteRegistrar = async (server, context) => {
  const auth = createAuthServices(context);
  await server.register(
    async (scope: FastifyInstance) => {
      scope.decorateRequest('principal', undefined);
      scope.addHook('onRequest', async (request, reply) => {
        if (request.routeOptions.config?.public) return;
        try {
          request.principal = await resolvePrincipal(request, context, auth.sessions);
        } catch (error) {
          // A cookie whose session ended is dropped with the refusal, so the browser stops sending it.
          if (isSwitchyardError(error) && error.code === 'auth.session_expired')
            clearSessionCookie(request, reply);
          throw error;
        }
      });
      await registerAuthRoutes(scope, context, auth);
      await registerOidcRoutes(scope, context, auth);
      await registerUserRoutes(scope, context);
      await registerInviteRoutes(scope, context);
      for (const register of [
        registerOrganizationRoutes,
        registerProjectRoutes,
        registerApiKeyRoutes,
        registerBudgetRoutes,
        registerAlertChannelRoutes,
        registerProviderRoutes,
        registerRoutingRoutes,
        registerProviderTestRoutes,
        registerUsageRoutes,
        registerJobRoutes,
        registerAuditRoutes,
        registerEventRoutes,
      ]) {
        await register(scope, context);
      }
    },
    { prefix: '/api/v1' },
  );
};
