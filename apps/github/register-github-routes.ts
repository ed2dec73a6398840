import type { RouteRegistrar } from '../server/create-server.js';
import { createGitHubWebhookHandler } from './create-github-webhook-handler.js';
import { registerGitHubSetupRoutes } from './register-github-setup-routes.js';
import { githubWebhookPath, registerGitHubWebhookRoute } from './register-github-webhook-route.js';

/**
 * The GitHub App's routes: the webhook endpoint when an app is configured, otherwise the manifest flow
 * that registers one (`/probot`).
 */
export const registerGitHubRoutes: RouteRegistrar = async (server, context) => {
  const { github, logger } = context;
  if (!github) {
    await registerGitHubSetupRoutes(server, { environment: context.environment, logger });
    logger.info(
      'No GitHub App is configured (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET): open /probot on this server to register one',
    );
    return;
  }
  const handle = createGitHubWebhookHandler({
    verify: github.verify,
    directory: context.projects,
    intake: context.intake,
    queue: context.jobs,
    deliveries: context.deliveries,
    logger: logger.child({ component: 'github-webhooks' }),
  });
  await registerGitHubWebhookRoute(server, handle);
  logger.info({ appId: github.settings.appId, path: githubWebhookPath }, 'GitHub App webhooks enabled');
};
