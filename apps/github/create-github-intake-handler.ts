import type { JobQueue } from '../../core/jobs/create-job-queue.js';
import { createPlatformIntakeHandler } from '../../core/jobs/create-platform-intake-handler.js';
import type { WebhookDeliveryLog } from '../../core/jobs/create-webhook-delivery-log.js';
import type { IntakeBatchHandler } from '../../core/jobs/create-webhook-intake.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { PlatformProjectDirectory } from '../../core/projects/create-platform-project-directory.js';
import { type GitHubEventPayload, parseGitHubEventPayload } from './github-payloads.js';
import { planGitHubJobs } from './plan-github-jobs.js';

export interface GitHubIntakeHandlerOptions {
  directory: Pick<PlatformProjectDirectory, 'resolve'>;
  queue: Pick<JobQueue, 'enqueue'>;
  deliveries: Pick<WebhookDeliveryLog, 'findHandled' | 'recordMany'>;
  logger: Logger;
}

/** The repository and installation an accepted delivery belongs to. */
function referenceOf({ value: payload }: GitHubEventPayload) {
  return {
    platform: 'github' as const,
    organization: {
      externalId: String(payload.installation.id),
      name: payload.repository.full_name.split('/')[0]!,
    },
    project: { externalId: String(payload.repository.id), name: payload.repository.full_name },
  };
}

/** `pull_request.opened`, `issue_comment.created`, `push`… as the delivery log records it. */
function eventNameOf(payload: GitHubEventPayload): string {
  return payload.kind === 'push' ? 'push' : `${payload.kind}.${payload.value.action}`;
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
      const parsed = parseGitHubEventPayload(delivery.event, delivery.payload);
      if (!parsed?.success) return undefined;
      const project = await directory.resolve(referenceOf(parsed.value));
      const event = eventNameOf(parsed.value);
      if (!project.active) return { event, projectId: project.projectId, requests: [] };
      const plan = planGitHubJobs(parsed.value, project, delivery.deliveryId);
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
