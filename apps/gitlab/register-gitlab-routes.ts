import type { RouteRegistrar } from '../server/create-server.js';
import { createGitLabWebhookHandler } from './create-gitlab-webhook-handler.js';
import { gitlabWebhookPath, registerGitLabWebhookRoute } from './register-gitlab-webhook-route.js';

/**
 * The GitLab webhook endpoint, for project and group webhooks, when GITLAB_WEBHOOK_SECRET is set: without a
 * secret token anyone could post merge request events, so nothing is mounted.
 */
export const registerGitLabRoutes: RouteRegistrar = async (server, context) => {
  const { environment, logger } = context;
  const secretToken = environment.GITLAB_WEBHOOK_SECRET;
  if (secretToken === undefined) {
    const message =
      'GitLab webhooks are off: GITLAB_WEBHOOK_SECRET is not set; set it to the secret token you enter in the GitLab webhook form';
    if (environment.GITLAB_SIGNING_TOKEN === undefined) logger.info({ path: gitlabWebhookPath }, message);
    else logger.warn({ path: gitlabWebhookPath }, `${message} (GITLAB_SIGNING_TOKEN alone is not enough)`);
    return;
  }
  const handle = createGitLabWebhookHandler({
    secretToken,
    signingToken: environment.GITLAB_SIGNING_TOKEN,
    intake: context.intake,
    logger: logger.child({ component: 'gitlab-webhooks' }),
  });
  await registerGitLabWebhookRoute(server, handle);
  logger.info(
    { path: gitlabWebhookPath, signed: environment.GITLAB_SIGNING_TOKEN !== undefined },
    'GitLab webhooks enabled',
  );
};
