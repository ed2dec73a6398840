import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createWebhookDeliveryLog } from '../../../core/jobs/create-webhook-delivery-log.js';
import { createTestPrisma } from '../../support/test-resources.js';

const prisma = createTestPrisma();
const log = createWebhookDeliveryLog(prisma);
afterAll(() => prisma.$disconnect());

describe('the webhook delivery log', () => {
  it('recognises a delivery once it was recorded, and only on its own platform', async () => {
    const deliveryId = randomUUID();
    expect(await log.has('github', deliveryId)).toBe(false);
    expect(
      await log.record({ platform: 'github', deliveryId, event: 'pull_request', jobId: 'review-pr1-abc' }),
    ).toBe('recorded');
    expect(await log.has('github', deliveryId)).toBe(true);
    expect(await log.has('gitlab', deliveryId)).toBe(false);
  });

  it('counts a concurrent second record of the same delivery as a duplicate, without failing', async () => {
    const deliveryId = randomUUID();
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => log.record({ platform: 'gitlab', deliveryId, event: 'Merge Request Hook' })),
    );
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'recorded']);
  });

  it('forgets deliveries older than seven days and keeps newer ones', async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await prisma.webhookDelivery.create({
      data: {
        id: `slack:${old}`,
        platform: 'slack',
        event: 'event_callback',
        receivedAt: new Date(Date.now() - 8 * 24 * 3600 * 1000),
      },
    });
    await log.record({ platform: 'slack', deliveryId: recent, event: 'event_callback' });
    expect(await log.prune()).toBeGreaterThanOrEqual(1);
    expect(await log.has('slack', old)).toBe(false);
    expect(await log.has('slack', recent)).toBe(true);
  });

  it("keeps each project's newest handled event on the project, past the deliveries' retention", async () => {
    const organization = await prisma.organization.create({ data: { name: `events-${randomUUID()}` } });
    const [first, second] = await Promise.all(
      ['one', 'two'].map((name) =>
        prisma.project.create({ data: { organizationId: organization.id, name } }),
      ),
    );
    await log.recordMany([
      { platform: 'github', deliveryId: randomUUID(), event: 'pull_request.opened', projectId: first!.id },
      { platform: 'github', deliveryId: randomUUID(), event: 'issue_comment.created', projectId: first!.id },
      { platform: 'github', deliveryId: randomUUID(), event: 'installation.created' },
    ]);
    const read = (id: string) =>
      prisma.project.findUniqueOrThrow({ where: { id }, select: { lastEvent: true, lastEventAt: true } });
    const recorded = await read(first!.id);
    expect(recorded.lastEvent).toBe('issue_comment.created');
    expect(recorded.lastEventAt).toBeInstanceOf(Date);
    expect(await read(second!.id)).toEqual({ lastEvent: null, lastEventAt: null });

    await log.recordMany([
      { platform: 'gitlab', deliveryId: randomUUID(), event: 'merge_request.update', projectId: first!.id },
    ]);
    const newer = await read(first!.id);
    expect(newer.lastEvent).toBe('merge_request.update');
    expect(newer.lastEventAt!.getTime()).toBeGreaterThanOrEqual(recorded.lastEventAt!.getTime());
  });
});
