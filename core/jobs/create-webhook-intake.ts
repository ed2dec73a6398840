import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import type { WebhookPlatform } from './create-webhook-delivery-log.js';

/** A verified, validated webhook delivery waiting to be turned into jobs. */
export interface IntakeDelivery {
  platform: WebhookPlatform;
  deliveryId: string;
  /** The platform's event name (`pull_request`, `issue_comment`, `Merge Request Hook`…). */
  event: string;
  /** The validated fields of the payload the planner needs (not the whole body). */
  payload: unknown;
  /** Epoch ms at which the webhook was answered. */
  acceptedAt: number;
}

/** What a batch handler reports: the deliveries it finished (done or dropped for good). */
export type IntakeBatchHandler = (batch: IntakeDelivery[]) => Promise<Set<string>>;

export interface IntakeConsumer {
  /** Stops reading; resolves once the batch in hand is finished. */
  close(): Promise<void>;
}

/**
 * The webhook intake: the HTTP handler verifies, validates and appends a delivery to a Redis stream in one
 * round trip, and answers; consumers (in worker processes) deduplicate against Postgres, plan and enqueue
 * jobs in batches. A delivery is in Redis, where the jobs live, before GitHub is answered: when Redis is
 * down the append fails and the answer is a 5xx, so the platform's redelivery works.
 */
export interface WebhookIntake {
  /** Appends a delivery; `duplicate` when the same delivery id was accepted within the last hour. */
  accept(delivery: Omit<IntakeDelivery, 'acceptedAt'>): Promise<'accepted' | 'duplicate'>;
  /** Starts a consumer in the `intake` group: batches of up to 200, unfinished ones reclaimed after 30 s. */
  consume(handler: IntakeBatchHandler): IntakeConsumer;
  /** Deliveries appended and not yet finished (for /metrics and tests). */
  backlog(): Promise<number>;
}

const groupName = 'intake';
const recentlySeenMs = 60 * 60 * 1000;
const batchSize = 200;
const blockMs = 1_000;
const defaultReclaimIdleMs = 30_000;
const defaultReclaimEveryMs = 15_000;

// SET NX then XADD: a redelivery inside the hour is answered as a duplicate without a second entry.
const acceptScript = `
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then
  redis.call('XADD', KEYS[2], '*', 'd', ARGV[2])
  return 1
end
return 0`;

type StreamEntries = Array<[id: string, fields: string[]]>;

export interface WebhookIntakeOptions {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** A delivery handed out and not finished for this long is handed out again (30 s). */
  reclaimIdleMs?: number;
  /** How often a consumer looks for such deliveries (15 s). */
  reclaimEveryMs?: number;
}

export function createWebhookIntake(options: WebhookIntakeOptions): WebhookIntake {
  const { redis, logger } = options;
  const reclaimIdleMs = options.reclaimIdleMs ?? defaultReclaimIdleMs;
  const reclaimEveryMs = options.reclaimEveryMs ?? defaultReclaimEveryMs;
  const stream = `${options.keyPrefix}intake:webhooks`;
  const seenKey = (platform: string, deliveryId: string) =>
    `${options.keyPrefix}intake:seen:${platform}:${deliveryId}`;

  const ensureGroup = async (client: Redis) => {
    try {
      await client.xgroup('CREATE', stream, groupName, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  };

  return {
    async accept(delivery) {
      const data = JSON.stringify({ ...delivery, acceptedAt: Date.now() });
      const added = (await redis.eval(
        acceptScript,
        2,
        seenKey(delivery.platform, delivery.deliveryId),
        stream,
        String(recentlySeenMs),
        data,
      )) as number;
      return added === 1 ? 'accepted' : 'duplicate';
    },

    async backlog() {
      try {
        const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
        const group = groups.find((fields) => fields[1] === groupName);
        if (!group) return Number(await redis.xlen(stream));
        const index = group.indexOf('lag');
        const pending = Number(group[group.indexOf('pending') + 1] ?? 0);
        const lag = index >= 0 ? Number(group[index + 1] ?? 0) : 0;
        return pending + lag;
      } catch {
        return 0;
      }
    },

    consume(handler) {
      // Blocking reads need their own connection.
      const client = redis.duplicate({ enableAutoPipelining: false, connectionName: 'switchyard-intake' });
      client.on('error', (error) => logger.warn({ err: error }, 'intake connection error'));
      const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
      let stopped = false;
      let lastReclaim = 0;

      const handle = async (entries: StreamEntries) => {
        if (entries.length === 0) return;
        const deliveries: IntakeDelivery[] = [];
        const entryOf = new Map<string, string>();
        const finished: string[] = [];
        for (const [id, fields] of entries) {
          try {
            const delivery = JSON.parse(fields[1] ?? '') as IntakeDelivery;
            deliveries.push(delivery);
            entryOf.set(delivery.deliveryId, id);
          } catch {
            logger.error({ entry: id }, 'intake: unreadable entry dropped');
            finished.push(id);
          }
        }
        const done = await handler(deliveries);
        for (const deliveryId of done) {
          const id = entryOf.get(deliveryId);
          if (id) finished.push(id);
        }
        if (finished.length > 0) {
          await client
            .multi()
            .xack(stream, groupName, ...finished)
            .xdel(stream, ...finished)
            .exec();
        }
      };

      const loop = async () => {
        await ensureGroup(client);
        while (!stopped) {
          try {
            if (Date.now() - lastReclaim > reclaimEveryMs) {
              lastReclaim = Date.now();
              const claimed = (await client.xautoclaim(
                stream,
                groupName,
                consumer,
                reclaimIdleMs,
                '0-0',
                'COUNT',
                batchSize,
              )) as [string, StreamEntries];
              await handle((claimed[1] ?? []).filter((entry) => Array.isArray(entry[1])));
            }
            const read = (await client.xreadgroup(
              'GROUP',
              groupName,
              consumer,
              'COUNT',
              batchSize,
              'BLOCK',
              blockMs,
              'STREAMS',
              stream,
              '>',
            )) as Array<[string, StreamEntries]> | null;
            if (read) await handle(read[0]?.[1] ?? []);
          } catch (error) {
            if (stopped) break;
            logger.warn({ err: error }, 'intake: batch failed; its deliveries are retried');
            await new Promise((resolve) => setTimeout(resolve, 1_000));
          }
        }
      };
      const running = loop();
      return {
        async close() {
          stopped = true;
          // The blocking read returns within blockMs; a batch in hand finishes and is acknowledged first.
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise((resolve) => {
            timer = setTimeout(resolve, blockMs * 3);
          });
          await Promise.race([running.catch(() => {}), timeout]);
          clearTimeout(timer);
          client.disconnect();
          await running.catch(() => {});
        },
      };
    },
  };
}
