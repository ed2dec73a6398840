import { describe, expect, it } from '@jest/globals';
import { createUsageEventBatcher } from '../../../core/events/create-usage-event-batcher.js';
import type { SwitchyardEvent } from '../../../core/events/switchyard-event.js';

describe('the usage event batcher', () => {
  it('sums spend per project and publishes one event per project per interval', async () => {
    const published: SwitchyardEvent[] = [];
    const batcher = createUsageEventBatcher({
      events: { publish: (event) => published.push(event) },
      intervalMs: 30,
    });
    const row = (projectId: string, costUsd: number, second: number) => ({
      projectId,
      organizationId: `org-of-${projectId}`,
      costUsd,
      createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, second)),
    });
    batcher.add([row('p1', 0.1, 1), row('p2', 1, 2)]);
    batcher.add([row('p1', 0.2, 3)]);
    expect(published).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(published).toEqual([
      {
        type: 'usage',
        organizationId: 'org-of-p1',
        data: { projectId: 'p1', costUsd: 0.3, at: '2026-11-01T00:00:03.000Z' },
      },
      {
        type: 'usage',
        organizationId: 'org-of-p2',
        data: { projectId: 'p2', costUsd: 1, at: '2026-11-01T00:00:02.000Z' },
      },
    ]);
    batcher.add([row('p1', 0.5, 4)]);
    batcher.close();
    expect(published).toHaveLength(3);
    expect(published[2]!.data).toMatchObject({ projectId: 'p1', costUsd: 0.5 });
  });
});
