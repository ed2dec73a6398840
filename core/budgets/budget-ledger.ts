import type { BudgetAlert, BudgetBreach, BudgetSubject } from './budget-types.js';
import type { NanoUsd } from './money.js';

export type ReserveResult = { ok: true } | { ok: false; breach: BudgetBreach };

/**
 * Reserve-then-settle spending against per-project and per-organization, per-day and per-month limits.
 * Implemented on Redis (create-redis-budget-ledger.ts); Postgres usage rows are the ledger of record.
 */
export interface BudgetLedger {
  /**
   * Atomically holds `amountNano` against every limit of the subject, or refuses naming the first breached
   * limit. The hold is a lease: it lapses after the lease time if neither settled nor released.
   * Throws `SwitchyardError` code `budget.unavailable` (503) while counters cannot be rebuilt.
   */
  reserve(input: {
    reservationId: string;
    subject: BudgetSubject;
    amountNano: NanoUsd;
  }): Promise<ReserveResult>;
  /**
   * Replaces the hold with the real cost. Idempotent on `settlementKey`: a repeated settle changes nothing
   * (`applied: false`). Returns soft-limit crossings, each reported once per scope and period.
   */
  settle(input: {
    reservationId: string;
    settlementKey: string;
    subject: BudgetSubject;
    costNano: NanoUsd;
  }): Promise<{ applied: boolean; alerts: BudgetAlert[] }>;
  /** Drops a hold without charging (the call failed). Harmless if already settled or released. */
  release(reservationId: string): Promise<void>;
  /** Spent and reserved amounts for each limit of the subject, for `/budget` commands and the settings page. */
  readStatus(subject: BudgetSubject): Promise<BudgetStatusLine[]>;
}

export interface BudgetStatusLine {
  scope: 'project' | 'organization';
  scopeId: string;
  period: 'day' | 'month';
  periodKey: string;
  limitNano?: NanoUsd;
  spentNano: NanoUsd;
  reservedNano: NanoUsd;
}
