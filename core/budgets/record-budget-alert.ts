import type { PrismaClient } from '../db/create-prisma-client.js';
import type { BudgetAlert } from './budget-types.js';
import { nanoToDecimalString } from './money.js';

/**
 * Persists a budget alert once per scope, period and kind; returns true only the first time, so an alert
 * goes out once per period even when Redis lost its own once-only marker.
 */
export async function recordBudgetAlert(
  prisma: Pick<PrismaClient, 'budgetAlert'>,
  alert: BudgetAlert,
  kind = 'soft',
): Promise<boolean> {
  // createMany with skipDuplicates is INSERT ... ON CONFLICT DO NOTHING: no error, no race between processes.
  const result = await prisma.budgetAlert.createMany({
    data: [
      {
        scope: alert.scope,
        scopeId: alert.scopeId,
        // The period key (`2026-11-20` or `2026-11`) names the period itself, so each day and month is new.
        period: alert.periodKey,
        kind,
        spentUsd: nanoToDecimalString(alert.spentNano),
        limitUsd: nanoToDecimalString(alert.limitNano),
      },
    ],
    skipDuplicates: true,
  });
  return result.count === 1;
}
