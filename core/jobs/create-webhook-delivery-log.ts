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
  record(delivery: DeliveryRecord): Promise<'recorded' | 'duplicate'>;
  /** Of these delivery ids, the ones already handled (one query for a batch). */
  findHandled(platform: WebhookPlatform, deliveryIds: readonly string[]): Promise<Set<string>>;
  /**
   * Records handled deliveries in one insert (ones recorded before are left as they are), and each
   * project's newest event on the project row, which outlives the deliveries' retention.
   */
  recordMany(deliveries: ReadonlyArray<DeliveryRecord>): Promise<void>;
  /** Deletes deliveries older than the retention; returns how many. */
  prune(now?: Date): Promise<number>;
}

/** One handled delivery. */
export interface DeliveryRecord {
  platform: WebhookPlatform;
  deliveryId: string;
  event: string;
  projectId?: string;
  jobId?: string;
}

const idOf = (platform: WebhookPlatform, deliveryId: string) => `${platform}:${deliveryId}`;

const rowOf = (delivery: DeliveryRecord) => ({
  id: idOf(delivery.platform, delivery.deliveryId),
  platform: delivery.platform,
  event: delivery.event,
  projectId: delivery.projectId ?? null,
  jobId: delivery.jobId ?? null,
});

/** The newest event of each project in a batch (a batch is handled together, so any of its events is newest). */
function lastEventPerProject(deliveries: ReadonlyArray<DeliveryRecord>): Map<string, string> {
  const events = new Map<string, string>();
  for (const delivery of deliveries) {
    if (delivery.projectId !== undefined) events.set(delivery.projectId, delivery.event);
  }
  return events;
}

export function createWebhookDeliveryLog(
  prisma: Pick<PrismaClient, 'webhookDelivery' | '$executeRaw'>,
): WebhookDeliveryLog {
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
        data: [rowOf(delivery)],
        skipDuplicates: true,
      });
      return result.count === 1 ? 'recorded' : 'duplicate';
    },
    async findHandled(platform, deliveryIds) {
      if (deliveryIds.length === 0) return new Set();
      const rows = await prisma.webhookDelivery.findMany({
        where: { id: { in: deliveryIds.map((deliveryId) => idOf(platform, deliveryId)) } },
        select: { id: true },
      });
      const prefix = `${platform}:`.length;
      return new Set(rows.map((row) => row.id.slice(prefix)));
    },
    async recordMany(deliveries) {
      if (deliveries.length === 0) return;
      await prisma.webhookDelivery.createMany({ data: deliveries.map(rowOf), skipDuplicates: true });
      const events = lastEventPerProject(deliveries);
      if (events.size === 0) return;
      // One statement for the batch; a slower worker's older batch never overwrites a newer event.
      await prisma.$executeRaw`
        UPDATE projects
        SET last_event = latest.event, last_event_at = now()
        FROM unnest(${[...events.keys()]}::uuid[], ${[...events.values()]}::text[]) AS latest(id, event)
        WHERE projects.id = latest.id AND (projects.last_event_at IS NULL OR projects.last_event_at < now())`;
    },
    async prune(now = new Date()) {
      const cutoff = new Date(now.getTime() - webhookDeliveryRetentionDays * 24 * 60 * 60 * 1000);
      const result = await prisma.webhookDelivery.deleteMany({ where: { receivedAt: { lt: cutoff } } });
      return result.count;
    },
  };
}
