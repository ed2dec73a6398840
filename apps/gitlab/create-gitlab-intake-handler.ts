import type { JobQueue } from '../../core/jobs/create-job-queue.js';
import { createPlatformIntakeHandler } from '../../core/jobs/create-platform-intake-handler.js';
import type { WebhookDeliveryLog } from '../../core/jobs/create-webhook-delivery-log.js';
import type { IntakeBatchHandler } from '../../core/jobs/create-webhook-intake.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type {
  PlatformProjectDirectory,
  PlatformProjectReference,
} from '../../core/projects/create-platform-project-directory.js';
import { type GitLabHookPayload, parseGitLabHookPayload } from './gitlab-payloads.js';
import { planGitLabJobs } from './plan-gitlab-jobs.js';

export interface GitLabIntakeHandlerOptions {
  directory: Pick<PlatformProjectDirectory, 'resolve'>;
  queue: Pick<JobQueue, 'enqueue'>;
  deliveries: Pick<WebhookDeliveryLog, 'findHandled' | 'recordMany'>;
  logger: Logger;
}

/**
 * The organization and project a hook belongs to. Merge request and note payloads name no group id, so the
 * organization is the top-level group (or user namespace) by its path, which GitLab keeps unique
 * case-insensitively; the project is found by its id, so a renamed or moved project keeps its settings.
 */
export function gitlabProjectReferenceOf(payload: GitLabHookPayload): PlatformProjectReference {
  const { project } = payload.value;
  const topLevelGroup = project.path_with_namespace.split('/')[0]!;
  return {
    platform: 'gitlab',
    organization: { externalId: topLevelGroup.toLowerCase(), name: topLevelGroup },
    project: { externalId: String(project.id), name: project.path_with_namespace },
  };
}

/** `merge_request.open`, `note.create`, `push`… as the delivery log records it. */
function eventNameOf(payload: GitLabHookPayload): string {
  if (payload.kind === 'push') return 'push';
  const action = payload.value.object_attributes.action;
  return action ? `${payload.kind}.${action}` : payload.kind;
}

/**
 * Turns accepted GitLab deliveries into jobs (see createPlatformIntakeHandler): each resolves its project
 * (created on first contact) and is planned with that project's command prefix.
 */
export function createGitLabIntakeHandler(options: GitLabIntakeHandlerOptions): IntakeBatchHandler {
  const { directory, logger } = options;
  return createPlatformIntakeHandler({
    ...options,
    platform: 'gitlab',
    async plan(delivery) {
      const parsed = parseGitLabHookPayload(delivery.event, delivery.payload);
      if (!parsed?.success) return undefined;
      const project = await directory.resolve(gitlabProjectReferenceOf(parsed.value));
      const event = eventNameOf(parsed.value);
      if (!project.active) return { event, projectId: project.projectId, requests: [] };
      const plan = planGitLabJobs(parsed.value, project, delivery.deliveryId);
      if (plan.kind === 'ignore') {
        logger.debug(
          { deliveryId: delivery.deliveryId, reason: plan.reason },
          'gitlab delivery starts nothing',
        );
        return { event, projectId: project.projectId, requests: [] };
      }
      return { event, projectId: project.projectId, requests: plan.requests };
    },
  });
}
