import { afterAll, describe, expect, it } from '@jest/globals';
import { createEventHub } from '../../../core/events/create-event-hub.js';
import { createEventPublisher } from '../../../core/events/publish-event.js';
import type { SwitchyardEvent } from '../../../core/events/switchyard-event.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import { createTestRedis, testKeyPrefix } from '../../support/test-resources.js';

const logger = createLogger({ level: 'silent' });
const redis = createTestRedis('event-hub');
afterAll(() => redis.quit());

function jobEvent(organizationId: string, id: string): SwitchyardEvent {
  return {
    type: 'job',
    organizationId,
    data: {
      id,
      projectId: '00000000-0000-4000-8000-000000000001',
      status: 'queued',
      costUsd: 0,
      resultUrl: null,
      errorCode: null,
      queuedAt: new Date(0).toISOString(),
      finishedAt: null,
    },
  };
}

async function eventually(check: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('the event hub', () => {
  it("delivers published events to the listeners of the event's organization only", async () => {
    const keyPrefix = testKeyPrefix('events');
    const hub = createEventHub({ redis, keyPrefix, logger });
    const publisher = createEventPublisher({ redis, keyPrefix, logger });
    const received: Record<string, string[]> = { a: [], b: [], a2: [] };
    const removeA = await hub.listen('org-a', (event) => received.a!.push((event.data as { id: string }).id));
    await hub.listen('org-b', (event) => received.b!.push((event.data as { id: string }).id));
    await hub.listen('org-a', (event) => received.a2!.push((event.data as { id: string }).id));
    expect(hub.listenerCount).toBe(3);

    publisher.publish(jobEvent('org-a', 'one'));
    publisher.publish(jobEvent('org-b', 'two'));
    await eventually(() => expect(received).toEqual({ a: ['one'], b: ['two'], a2: ['one'] }));

    removeA();
    removeA();
    expect(hub.listenerCount).toBe(2);
    publisher.publish(jobEvent('org-a', 'three'));
    await eventually(() => expect(received.a2).toEqual(['one', 'three']));
    expect(received.a).toEqual(['one']);
    await hub.close();
    await expect(hub.listen('org-a', () => {})).rejects.toThrow('closed');
  });

  it('ignores messages on the channel that are not events', async () => {
    const keyPrefix = testKeyPrefix('events');
    const hub = createEventHub({ redis, keyPrefix, logger });
    const received: SwitchyardEvent[] = [];
    await hub.listen('org-a', (event) => received.push(event));
    await redis.publish(`${keyPrefix}events`, 'not json');
    await redis.publish(
      `${keyPrefix}events`,
      JSON.stringify({ type: 'other', organizationId: 'org-a', data: {} }),
    );
    createEventPublisher({ redis, keyPrefix, logger }).publish(jobEvent('org-a', 'real'));
    await eventually(() => expect(received).toHaveLength(1));
    expect(received[0]!.data).toMatchObject({ id: 'real' });
    await hub.close();
  });
});
