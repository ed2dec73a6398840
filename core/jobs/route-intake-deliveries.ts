import type { Logger } from '../logging/create-logger.js';
import type { WebhookPlatform } from './create-webhook-delivery-log.js';
import type { IntakeBatchHandler, IntakeDelivery } from './create-webhook-intake.js';

/**
 * One intake consumer for every platform: each batch is split by platform and handed to that platform's
 * handler. Deliveries of a platform this process has no handler for are dropped with an error in the log
 * (retrying could never succeed: configure the platform on the worker processes too).
 */
export function routeIntakeDeliveries(
  handlers: Partial<Record<WebhookPlatform, IntakeBatchHandler>>,
  logger: Logger,
): IntakeBatchHandler {
  return async (batch) => {
    const groups = new Map<WebhookPlatform, IntakeDelivery[]>();
    for (const delivery of batch) {
      const group = groups.get(delivery.platform) ?? [];
      group.push(delivery);
      groups.set(delivery.platform, group);
    }
    const done = new Set<string>();
    await Promise.all(
      [...groups].map(async ([platform, deliveries]) => {
        const handler = handlers[platform];
        if (!handler) {
          logger.error(
            { platform, count: deliveries.length },
            `intake: no ${platform} integration is configured on this worker; deliveries dropped`,
          );
          for (const delivery of deliveries) done.add(delivery.deliveryId);
          return;
        }
        for (const deliveryId of await handler(deliveries)) done.add(deliveryId);
      }),
    );
    return done;
  };
}
