import type { PrismaClient } from '../db/create-prisma-client.js';
import type { BudgetScope } from './budget-types.js';
import { decimalStringToNano, type NanoUsd } from './money.js';

/** Settled spend of one scope in one period, read from the ledger of record (Postgres usage rows). */
export type SpendSource = (input: {
  scope: BudgetScope;
  scopeId: string;
  periodStart: Date;
  periodEnd: Date;
}) => Promise<NanoUsd>;

/** A SpendSource summing `usage_events.cost_usd` by project or organization over [periodStart, periodEnd). */
export function createUsageSpendSource(
  prisma: Pick<PrismaClient, 'usageEvent'>,
  options: { beforeRead?: () => Promise<void> } = {},
): SpendSource {
  return async ({ scope, scopeId, periodStart, periodEnd }) => {
    // Rows still buffered in this process's usage recorder would otherwise be missing from the sum.
    await options.beforeRead?.();
    const createdAt = { gte: periodStart, lt: periodEnd };
    const result = await prisma.usageEvent.aggregate({
      _sum: { costUsd: true },
      where: scope === 'project' ? { projectId: scopeId, createdAt } : { organizationId: scopeId, createdAt },
    });
    const total = result._sum.costUsd;
    return total === null ? 0 : decimalStringToNano(total.toFixed(9));
  };
}
