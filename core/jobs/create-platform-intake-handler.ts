import type { Logger } from '../logging/create-logger.js';
import type { JobQueue } from './create-job-queue.js';
import type { DeliveryRecord, WebhookDeliveryLog, WebhookPlatform } from './create-webhook-delivery-log.js';
import type { IntakeBatchHandler, IntakeDelivery } from './create-webhook-intake.js';
import type { JobRequest } from './job-request.js';

/** What one accepted delivery asks for, as a platform plans it. */
export interface PlannedDelivery {
  /** The event as the delivery log records it (`pull_request.opened`, `merge_request.open`…). */
  event: string;
  projectId?: string;
  /** Jobs to enqueue; none when the event starts nothing for this project. */
  requests: JobRequest[];
}

export interface PlatformIntakeHandlerOptions {
  platform: WebhookPlatform;
  /** Plans a delivery (resolving its project); undefined drops an unreadable delivery for good. */
  plan(delivery: IntakeDelivery): Promise<PlannedDelivery | undefined>;
  queue: Pick<JobQueue, 'enqueue'>;
  deliveries: Pick<WebhookDeliveryLog, 'findHandled' | 'recordMany'>;
  logger: Logger;
}

/**
 * Turns a batch of accepted deliveries of one platform into jobs: deliveries handled before (a redelivery
 * after the intake's hour) are skipped with one query, the rest are planned and enqueued concurrently and
 * recorded with one insert. A delivery whose planning or enqueue failed is not reported done: the intake
 * hands it out again.
 */
export function createPlatformIntakeHandler(options: PlatformIntakeHandlerOptions): IntakeBatchHandler {
  const { platform, queue, deliveries, logger } = options;

  const handleOne = async (delivery: IntakeDelivery): Promise<DeliveryRecord | undefined> => {
    const planned = await options.plan(delivery);
    if (!planned) {
      logger.error(
        { platform, deliveryId: delivery.deliveryId, event: delivery.event },
        'intake: unreadable delivery dropped',
      );
      return undefined;
    }
    const results = await Promise.all(planned.requests.map((request) => queue.enqueue(request)));
    return {
      platform,
      deliveryId: delivery.deliveryId,
      event: planned.event,
      projectId: planned.projectId,
      jobId: results[0]?.jobId,
    };
  };

  return async (batch) => {
    const done = new Set<string>();
    const handled = await deliveries.findHandled(
      platform,
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
            { err: error, platform, deliveryId: delivery.deliveryId },
            'intake: delivery failed; retried later',
          );
        }
      }),
    );
    await deliveries.recordMany(records);
    return done;
  };
}
