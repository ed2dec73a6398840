import { createAgentJobProcessor } from '../../core/agents/create-agent-job-processor.js';
import type { WebhookPlatform } from '../../core/jobs/create-webhook-delivery-log.js';
import { webhookDeliveryRetentionDays } from '../../core/jobs/create-webhook-delivery-log.js';
import type { IntakeBatchHandler } from '../../core/jobs/create-webhook-intake.js';
import { routeIntakeDeliveries } from '../../core/jobs/route-intake-deliveries.js';
import { createGitHubIntakeHandler } from '../github/create-github-intake-handler.js';
import { createGitLabIntakeHandler } from '../gitlab/create-gitlab-intake-handler.js';
import type { AppContext } from '../server/create-app-context.js';
import { createSlackConversations } from '../slack/create-slack-conversations.js';
import { createPlatforms } from './create-platforms.js';
import { type RunningWorker, startWorker } from './start-worker.js';

const pruneIntervalMs = 60 * 60 * 1000;

/**
 * The agent worker of a process (roles `all` and `worker`): turns accepted webhooks into jobs (the intake),
 * consumes the job queue with the built-in agents, posting through the platforms the environment
 * configures, and prunes the webhook delivery log (kept 7 days) every hour.
 */
export function startAgentWorker(context: AppContext): RunningWorker {
  const { environment, logger, prisma, redis } = context;
  const agents = createAgentJobProcessor({
    platforms: createPlatforms(context),
    conversations: createSlackConversations(context),
    projectSettings: context.projectSettings,
    router: context.routing.router,
    ledger: context.routing.ledger,
    prisma,
    redis,
    keyPrefix: environment.REDIS_KEY_PREFIX,
    directory: context.projects,
    logger,
  });
  const running = startWorker({
    environment,
    logger,
    prisma,
    redis,
    processor: agents.process,
    onFailed: agents.onFailed,
  });
  // Accepted webhooks become jobs here, next to the worker (the web role only accepts them).
  const intakeHandlers: Partial<Record<WebhookPlatform, IntakeBatchHandler>> = {};
  if (context.github) {
    intakeHandlers.github = createGitHubIntakeHandler({
      directory: context.projects,
      queue: context.jobs,
      deliveries: context.deliveries,
      logger: logger.child({ component: 'github-intake' }),
    });
  }
  // The same setting that mounts the webhook endpoint on the web role (apps/gitlab/register-gitlab-routes).
  if (environment.GITLAB_WEBHOOK_SECRET !== undefined) {
    intakeHandlers.gitlab = createGitLabIntakeHandler({
      directory: context.projects,
      queue: context.jobs,
      deliveries: context.deliveries,
      logger: logger.child({ component: 'gitlab-intake' }),
    });
  }
  const intake = context.intake.consume(routeIntakeDeliveries(intakeHandlers, logger));
  const prune = setInterval(() => {
    context.deliveries
      .prune()
      .then((count) => {
        if (count > 0)
          logger.info(
            { count, retentionDays: webhookDeliveryRetentionDays },
            'pruned old webhook deliveries',
          );
      })
      .catch((error) => logger.warn({ err: error }, 'could not prune webhook deliveries'));
  }, pruneIntervalMs);
  prune.unref();
  return {
    ...running,
    async close() {
      clearInterval(prune);
      await intake.close();
      await running.close();
    },
  };
}
