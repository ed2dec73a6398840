import type { PrismaClient } from '../db/create-prisma-client.js';

export type WebhookPlatform = 'github' | 'gitlab' | 'slack';

/** How long handled deliveries are remembered: longer than any platform redelivers (GitHub: up to 3 days). */
export const webhookDeliveryRetentionDays = 7;

/**
 * The durable record of handled webhook deliveries. BullMQ's job-id dedupe forgets once a job is removed;
 * this does not. A delivery is recorded only after its work was enqueued, so a delivery whose enqueue
 * failed (Redis down, answered 5xx) is handled again when the platform redelivers it.
 */
export interface WebhookDeliveryLog {
  /** True when this delivery was already handled. */
  has(platform: WebhookPlatform, deliveryId: string): Promise<boolean>;
  /** Records a handled delivery; `duplicate` when another process recorded it first. */
  record(delivery: {
    platform: WebhookPlatform;
    deliveryId: string;
    event: string;
    projectId?: string;
    jobId?: string;
  }): Promise<'recorded' | 'duplicate'>;
  /** Deletes deliveries older than the retention; returns how many. */
  prune(now?: Date): Promise<number>;
}

const idOf = (platform: WebhookPlatform, deliveryId: string) => `${platform}:${deliveryId}`;

export function createWebhookDeliveryLog(prisma: Pick<PrismaClient, 'webhookDelivery'>): WebhookDeliveryLog {
  return {
    async has(platform, deliveryId) {
      const row = await prisma.webhookDelivery.findUnique({
        where: { id: idOf(platform, deliveryId) },
        select: { id: true },
      });
      return row !== null;
    },
    async record(delivery) {
      // INSERT … ON CONFLICT DO NOTHING: two processes racing on a redelivery both succeed, one counts.
      const result = await prisma.webhookDelivery.createMany({
        data: [
          {
            id: idOf(delivery.platform, delivery.deliveryId),
            platform: delivery.platform,
            event: delivery.event,
            projectId: delivery.projectId ?? null,
            jobId: delivery.jobId ?? null,
          },
        ],
        skipDuplicates: true,
      });
      return result.count === 1 ? 'recorded' : 'duplicate';
    },
    async prune(now = new Date()) {
      const cutoff = new Date(now.getTime() - webhookDeliveryRetentionDays * 24 * 60 * 60 * 1000);
      const result = await prisma.webhookDelivery.deleteMany({ where: { receivedAt: { lt: cutoff } } });
      return result.count;
    },
  };
}
