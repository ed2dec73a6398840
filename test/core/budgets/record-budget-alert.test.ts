import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { BudgetAlert } from '../../../core/budgets/budget-types.js';
import { recordBudgetAlert } from '../../../core/budgets/record-budget-alert.js';
import { createTestPrisma } from '../../support/test-resources.js';

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());

function makeAlert(overrides: Partial<BudgetAlert> = {}): BudgetAlert {
  return {
    scope: 'project',
    scopeId: randomUUID(),
    period: 'day',
    periodKey: '2026-11-20',
    limitNano: 10_000_000_000,
    spentNano: 8_000_000_001,
    ratio: 0.8,
    ...overrides,
  };
}

describe('recordBudgetAlert', () => {
  it('stores an alert once per scope and period and says whether it is new', async () => {
    const alert = makeAlert();

    expect(await recordBudgetAlert(prisma, alert)).toBe(true);
    expect(await recordBudgetAlert(prisma, { ...alert, spentNano: 9_000_000_000 })).toBe(false);
    expect(await recordBudgetAlert(prisma, { ...alert, periodKey: '2026-11-21' })).toBe(true);
    expect(await recordBudgetAlert(prisma, { ...alert, period: 'month', periodKey: '2026-11' })).toBe(true);

    const rows = await prisma.budgetAlert.findMany({
      where: { scopeId: alert.scopeId },
      orderBy: { period: 'asc' },
    });
    expect(
      rows.map((row) => [row.period, row.kind, row.spentUsd.toFixed(9), row.limitUsd.toFixed(4)]),
    ).toEqual([
      ['2026-11', 'soft', '8.000000001', '10.0000'],
      ['2026-11-20', 'soft', '8.000000001', '10.0000'],
      ['2026-11-21', 'soft', '8.000000001', '10.0000'],
    ]);
  });

  it('reports an alert as new once even when several processes record it at the same time', async () => {
    const alert = makeAlert({ scope: 'organization' });
    const results = await Promise.all(Array.from({ length: 5 }, () => recordBudgetAlert(prisma, alert)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
