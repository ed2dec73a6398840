import type { BudgetPeriod, BudgetScope } from './budget-types.js';

/** Where the Redis budget ledger keeps its state; every key shares one Redis Cluster hash tag. */
export interface BudgetLedgerKeys {
  /** Hash: reservation id → JSON `{ a: amount, k: [reserved counter keys] }`. */
  holds: string;
  /** Sorted set: reservation id scored by lease expiry (epoch ms). */
  holdExpiries: string;
  spent(scope: BudgetScope, scopeId: string, period: BudgetPeriod, periodKey: string): string;
  reserved(scope: BudgetScope, scopeId: string, period: BudgetPeriod, periodKey: string): string;
  softAlert(scope: BudgetScope, scopeId: string, period: BudgetPeriod, periodKey: string): string;
  settlement(settlementKey: string): string;
}

/**
 * Key layout of the budget ledger under `${keyPrefix}budget:{ledger}:`. The hash tag puts every key in one
 * cluster slot: the purge of expired holds touches counters of any project, so scripts cannot be sharded
 * by tenant without giving `release` the subject, which the ledger contract does not pass.
 */
export function createBudgetLedgerKeys(keyPrefix: string): BudgetLedgerKeys {
  const base = `${keyPrefix}budget:{ledger}:`;
  const line = (scope: BudgetScope, scopeId: string, period: BudgetPeriod, periodKey: string) =>
    `${scope}:${scopeId}:${period}:${periodKey}`;
  return {
    holds: `${base}holds`,
    holdExpiries: `${base}hold-expiries`,
    spent: (...parts) => `${base}spent:${line(...parts)}`,
    reserved: (...parts) => `${base}reserved:${line(...parts)}`,
    softAlert: (...parts) => `${base}soft-alert:${line(...parts)}`,
    settlement: (settlementKey) => `${base}settlement:${settlementKey}`,
  };
}
