import { afterAll, describe, expect, it } from '@jest/globals';
import {
  createWebhookIntake,
  type IntakeConsumer,
  type IntakeDelivery,
} from '../../../core/jobs/create-webhook-intake.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import { createTestRedis, testKeyPrefix } from '../../support/test-resources.js';

const redis = createTestRedis('intake');
const logger = createLogger({ level: 'silent' });
const consumers: IntakeConsumer[] = [];

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.close()));
  const keys = await redis.keys(`${testKeyPrefix('')}*intake*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

function delivery(deliveryId: string) {
  return { platform: 'github' as const, deliveryId, event: 'pull_request', payload: { action: 'opened' } };
}

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the webhook intake', () => {
  it('hands accepted deliveries to a consumer in order, with when they were accepted', async () => {
    const intake = createWebhookIntake({ redis, keyPrefix: testKeyPrefix('intake-a'), logger });
    const received: IntakeDelivery[] = [];
    consumers.push(
      intake.consume(async (batch) => {
        received.push(...batch);
        return new Set(batch.map((item) => item.deliveryId));
      }),
    );
    expect(await intake.accept(delivery('d-1'))).toBe('accepted');
    expect(await intake.accept(delivery('d-2'))).toBe('accepted');
    await waitUntil(() => received.length === 2);
    expect(received.map((item) => item.deliveryId)).toEqual(['d-1', 'd-2']);
    expect(received[0]).toMatchObject({
      platform: 'github',
      event: 'pull_request',
      payload: { action: 'opened' },
    });
    expect(received[0]!.acceptedAt).toBeGreaterThan(Date.now() - 10_000);
    await waitUntil(() => true);
    expect(await intake.backlog()).toBe(0);
  });

  it('answers a delivery accepted again within the hour as a duplicate, adding nothing', async () => {
    const intake = createWebhookIntake({ redis, keyPrefix: testKeyPrefix('intake-b'), logger });
    expect(await intake.accept(delivery('same'))).toBe('accepted');
    expect(await intake.accept(delivery('same'))).toBe('duplicate');
    expect(await intake.backlog()).toBe(1);
  });

  it('hands a delivery its consumer did not finish to a consumer again', async () => {
    const intake = createWebhookIntake({
      redis,
      keyPrefix: testKeyPrefix('intake-c'),
      logger,
      reclaimIdleMs: 200,
      reclaimEveryMs: 100,
    });
    let calls = 0;
    consumers.push(
      intake.consume(async (batch) => {
        calls += 1;
        // The first time, the work fails (its enqueue met a Redis hiccup): nothing is reported done.
        return calls === 1 ? new Set() : new Set(batch.map((item) => item.deliveryId));
      }),
    );
    await intake.accept(delivery('retry-me'));
    await waitUntil(() => calls >= 2);
    await waitUntil(() => true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await intake.backlog()).toBe(0);
  });

  it('keeps deliveries appended while no consumer runs, for the next one', async () => {
    const keyPrefix = testKeyPrefix('intake-d');
    const intake = createWebhookIntake({ redis, keyPrefix, logger });
    await intake.accept(delivery('early'));
    const received: string[] = [];
    consumers.push(
      intake.consume(async (batch) => {
        received.push(...batch.map((item) => item.deliveryId));
        return new Set(batch.map((item) => item.deliveryId));
      }),
    );
    await waitUntil(() => received.includes('early'));
  });
});
