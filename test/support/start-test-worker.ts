import { createGitHubIntakeHandler } from '../../apps/github/create-github-intake-handler.js';
import { createGitLabIntakeHandler } from '../../apps/gitlab/create-gitlab-intake-handler.js';
import type { AppContext } from '../../apps/server/create-app-context.js';
import { createPlatforms } from '../../apps/worker/create-platforms.js';
import { createAgentJobProcessor } from '../../core/agents/create-agent-job-processor.js';
import type { ConversationSink } from '../../core/agents/pull-request-platform.js';
import { createJobWorker, type JobWorker } from '../../core/jobs/create-job-worker.js';
import type { IntakeConsumer } from '../../core/jobs/create-webhook-intake.js';
import type { JobPlatform } from '../../core/jobs/job-request.js';
import { routeIntakeDeliveries } from '../../core/jobs/route-intake-deliveries.js';

/**
 * The worker side of a test Switchyard, as start-agent-worker builds it but with short locks (a killed
 * worker's job is picked up within about a second) and the conversations a test passes in.
 */
export function startTestWorker(
  context: AppContext,
  options: { conversations?: Partial<Record<JobPlatform, ConversationSink>> } = {},
): JobWorker {
  const agents = createAgentJobProcessor({
    platforms: createPlatforms(context),
    conversations: options.conversations,
    projectSettings: context.projectSettings,
    router: context.routing.router,
    ledger: context.routing.ledger,
    prisma: context.prisma,
    redis: context.redis,
    keyPrefix: context.environment.REDIS_KEY_PREFIX,
    directory: context.projects,
    logger: context.logger,
  });
  return createJobWorker({
    redis: context.redis,
    prisma: context.prisma,
    keyPrefix: context.environment.REDIS_KEY_PREFIX,
    logger: context.logger,
    processor: agents.process,
    onFailed: agents.onFailed,
    concurrency: 4,
    projectConcurrency: 2,
    shutdownTimeoutMs: 2_000,
    lockDurationMs: 1_000,
    stalledIntervalMs: 500,
  });
}

/** The intake consumer of a test Switchyard: accepted GitHub and GitLab webhooks become jobs. */
export function startTestIntake(context: AppContext): IntakeConsumer {
  const shared = {
    directory: context.projects,
    queue: context.jobs,
    deliveries: context.deliveries,
    logger: context.logger,
  };
  return context.intake.consume(
    routeIntakeDeliveries(
      { github: createGitHubIntakeHandler(shared), gitlab: createGitLabIntakeHandler(shared) },
      context.logger,
    ),
  );
}
