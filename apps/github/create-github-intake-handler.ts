import type { JobQueue } from '../../core/jobs/create-job-queue.js';
import { createPlatformIntakeHandler } from '../../core/jobs/create-platform-intake-handler.js';
import type { WebhookDeliveryLog } from '../../core/jobs/create-webhook-delivery-log.js';
import type { IntakeBatchHandler } from '../../core/jobs/create-webhook-intake.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { PlatformProjectDirectory } from '../../core/projects/create-platform-project-directory.js';
import {
  type IssueCommentPayload,
  issueCommentPayloadSchema,
  type PullRequestPayload,
  pullRequestPayloadSchema,
} from './github-payloads.js';
import { planCommentJobs, planPullRequestJobs } from './plan-github-jobs.js';

export interface GitHubIntakeHandlerOptions {
  directory: Pick<PlatformProjectDirectory, 'resolve'>;
  queue: Pick<JobQueue, 'enqueue'>;
  deliveries: Pick<WebhookDeliveryLog, 'findHandled' | 'recordMany'>;
  logger: Logger;
}

/** The repository and installation an accepted delivery belongs to. */
function referenceOf(payload: PullRequestPayload | IssueCommentPayload) {
  return {
    platform: 'github' as const,
    organization: {
      externalId: String(payload.installation.id),
      name: payload.repository.full_name.split('/')[0]!,
    },
    project: { externalId: String(payload.repository.id), name: payload.repository.full_name },
  };
}

/**
 * Turns accepted GitHub deliveries into jobs (see createPlatformIntakeHandler): each resolves its project
 * (created on first contact) and is planned with that project's command prefix.
 */
export function createGitHubIntakeHandler(options: GitHubIntakeHandlerOptions): IntakeBatchHandler {
  const { directory, logger } = options;
  return createPlatformIntakeHandler({
    ...options,
    platform: 'github',
    async plan(delivery) {
      const pullRequest = delivery.event === 'pull_request';
      const parsed = pullRequest
        ? pullRequestPayloadSchema.safeParse(delivery.payload)
        : issueCommentPayloadSchema.safeParse(delivery.payload);
      if (!parsed.success) return undefined;
      const project = await directory.resolve(referenceOf(parsed.data));
      const event = `${delivery.event}.${parsed.data.action}`;
      if (!project.active) return { event, projectId: project.projectId, requests: [] };
      const plan = pullRequest
        ? planPullRequestJobs(parsed.data as PullRequestPayload, project, delivery.deliveryId)
        : planCommentJobs(parsed.data as IssueCommentPayload, project, delivery.deliveryId);
      if (plan.kind === 'ignore') {
        logger.debug(
          { deliveryId: delivery.deliveryId, reason: plan.reason },
          'github delivery starts nothing',
        );
        return { event, projectId: project.projectId, requests: [] };
      }
      return { event, projectId: project.projectId, requests: plan.requests };
    },
  });
}
