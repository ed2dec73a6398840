import type { JobQueue } from '../../core/jobs/create-job-queue.js';
import type { DeliveryRecord, WebhookDeliveryLog } from '../../core/jobs/create-webhook-delivery-log.js';
import type { IntakeBatchHandler, IntakeDelivery } from '../../core/jobs/create-webhook-intake.js';
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
 * Turns a batch of accepted GitHub deliveries into jobs: deliveries handled before (a redelivery after the
 * intake's hour) are skipped with one query, the rest are planned and enqueued concurrently, and recorded
 * with one insert. A delivery whose enqueue failed is not reported done: the intake hands it out again.
 */
export function createGitHubIntakeHandler(options: GitHubIntakeHandlerOptions): IntakeBatchHandler {
  const { directory, queue, deliveries, logger } = options;

  const handleOne = async (delivery: IntakeDelivery): Promise<DeliveryRecord | undefined> => {
    const pullRequest = delivery.event === 'pull_request';
    const parsed = pullRequest
      ? pullRequestPayloadSchema.safeParse(delivery.payload)
      : issueCommentPayloadSchema.safeParse(delivery.payload);
    if (!parsed.success) {
      logger.error(
        { deliveryId: delivery.deliveryId, event: delivery.event },
        'intake: unreadable github delivery dropped',
      );
      return undefined;
    }
    const project = await directory.resolve(referenceOf(parsed.data));
    const record: DeliveryRecord = {
      platform: 'github',
      deliveryId: delivery.deliveryId,
      event: `${delivery.event}.${parsed.data.action}`,
      projectId: project.projectId,
    };
    if (!project.active) return record;
    const plan = pullRequest
      ? planPullRequestJobs(parsed.data as PullRequestPayload, project, delivery.deliveryId)
      : planCommentJobs(parsed.data as IssueCommentPayload, project, delivery.deliveryId);
    if (plan.kind === 'ignore') {
      logger.debug(
        { deliveryId: delivery.deliveryId, reason: plan.reason },
        'github delivery starts nothing',
      );
      return record;
    }
    const results = await Promise.all(plan.requests.map((request) => queue.enqueue(request)));
    return { ...record, jobId: results[0]?.jobId };
  };

  return async (batch) => {
    const done = new Set<string>();
    const handled = await deliveries.findHandled(
      'github',
      batch.map((delivery) => delivery.deliveryId),
    );
    const records: DeliveryRecord[] = [];
    await Promise.all(
      batch.map(async (delivery) => {
        if (handled.has(delivery.deliveryId)) {
          done.add(delivery.deliveryId);
          return;
        }
        try {
          const record = await handleOne(delivery);
          if (record) records.push(record);
          done.add(delivery.deliveryId);
        } catch (error) {
          logger.warn(
            { err: error, deliveryId: delivery.deliveryId },
            'intake: github delivery failed; retried later',
          );
        }
      }),
    );
    await deliveries.recordMany(records);
    return done;
  };
}
