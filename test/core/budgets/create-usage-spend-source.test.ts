import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createRedisBudgetLedger } from '../../../core/budgets/create-redis-budget-ledger.js';
import { createUsageSpendSource } from '../../../core/budgets/create-usage-spend-source.js';
import { usdToNano } from '../../../core/budgets/money.js';
import { createTestPrisma, createTestRedis, testKeyPrefix } from '../../support/test-resources.js';
import { createManualClock, deleteKeys, makeSubject } from './__fixtures__/budget-fixtures.js';

const prisma = createTestPrisma();
const redis = createTestRedis('usage-spend-source');
const keyPrefix = testKeyPrefix('usage-spend-source');

afterAll(async () => {
  await deleteKeys(redis, keyPrefix);
  await Promise.all([redis.quit(), prisma.$disconnect()]);
});

async function insertUsage(row: {
  projectId: string;
  organizationId: string;
  costUsd: string;
  createdAt: string;
}) {
  const settlementKey = randomUUID();
  await prisma.usageEvent.create({
    data: {
      ...row,
      createdAt: new Date(row.createdAt),
      settlementKey,
      requestId: settlementKey,
      source: 'gateway',
      provider: 'openai',
      model: 'gpt-4.1-mini',
      inputTokens: 10,
      outputTokens: 10,
      latencyMs: 5,
      outcome: 'success',
      attempts: [],
    },
  });
}

describe('the usage spend source', () => {
  it('sums the cost of a project or an organization over [start, end) exactly', async () => {
    const organizationId = randomUUID();
    const projectId = randomUUID();
    await insertUsage({
      projectId,
      organizationId,
      costUsd: '0.100000001',
      createdAt: '2026-11-20T00:00:00Z',
    });
    await insertUsage({ projectId, organizationId, costUsd: '0.2', createdAt: '2026-11-20T23:59:59.999Z' });
    await insertUsage({ projectId, organizationId, costUsd: '5', createdAt: '2026-11-21T00:00:00Z' });
    await insertUsage({
      projectId: randomUUID(),
      organizationId,
      costUsd: '1',
      createdAt: '2026-11-20T10:00:00Z',
    });
    let flushed = false;
    const spendSource = createUsageSpendSource(prisma, {
      beforeRead: async () => {
        flushed = true;
      },
    });
    const day = {
      periodStart: new Date('2026-11-20T00:00:00Z'),
      periodEnd: new Date('2026-11-21T00:00:00Z'),
    };

    expect(await spendSource({ scope: 'project', scopeId: projectId, ...day })).toBe(300_000_001);
    expect(await spendSource({ scope: 'organization', scopeId: organizationId, ...day })).toBe(1_300_000_001);
    expect(await spendSource({ scope: 'project', scopeId: randomUUID(), ...day })).toBe(0);
    expect(flushed).toBe(true);
  });

  it('rebuilds deleted Redis counters from usage rows in Postgres and enforces the limit with them', async () => {
    const subject = makeSubject({ project: { dailyNano: usdToNano(1), monthlyNano: usdToNano(1.5) } });
    const { projectId, organizationId } = subject;
    await insertUsage({ projectId, organizationId, costUsd: '0.7', createdAt: '2026-11-20T11:00:00Z' });
    await insertUsage({ projectId, organizationId, costUsd: '0.5', createdAt: '2026-11-19T23:00:00Z' });
    await insertUsage({ projectId, organizationId, costUsd: '9', createdAt: '2026-10-31T23:59:00Z' });
    await insertUsage({
      projectId: randomUUID(),
      organizationId,
      costUsd: '0.1',
      createdAt: '2026-11-20T09:00:00Z',
    });
    const ledger = createRedisBudgetLedger({
      redis,
      keyPrefix,
      leaseMs: 60_000,
      spendSource: createUsageSpendSource(prisma),
      now: createManualClock().now,
    });
    // One call settles while Redis still has its counters; its usage row is written as the recorder would.
    await ledger.reserve({ reservationId: 'before-restart', subject, amountNano: usdToNano(0.1) });
    await ledger.settle({
      reservationId: 'before-restart',
      settlementKey: 'k',
      subject,
      costNano: usdToNano(0.1),
    });
    await insertUsage({ projectId, organizationId, costUsd: '0.1', createdAt: '2026-11-20T12:00:00Z' });

    expect(await deleteKeys(redis, keyPrefix)).toBeGreaterThan(0);

    const refused = await ledger.reserve({
      reservationId: randomUUID(),
      subject,
      amountNano: usdToNano(0.3),
    });
    expect(refused).toMatchObject({
      ok: false,
      breach: { scope: 'project', period: 'day', spentNano: usdToNano(0.8), limitNano: usdToNano(1) },
    });
    expect(
      await ledger.reserve({ reservationId: randomUUID(), subject, amountNano: usdToNano(0.2) }),
    ).toEqual({
      ok: true,
    });
    const lines = await ledger.readStatus(subject);
    expect(lines.map((line) => [line.scope, line.period, line.spentNano, line.reservedNano])).toEqual([
      ['project', 'day', usdToNano(0.8), usdToNano(0.2)],
      ['project', 'month', usdToNano(1.3), usdToNano(0.2)],
      ['organization', 'day', usdToNano(0.9), usdToNano(0.2)],
      ['organization', 'month', usdToNano(1.4), usdToNano(0.2)],
    ]);
  });
});
