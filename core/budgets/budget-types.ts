import type { NanoUsd } from './money.js';

export type BudgetScope = 'project' | 'organization';
export type BudgetPeriod = 'day' | 'month';

/** Limits for one scope; undefined means no limit for that period. */
export interface ScopeLimits {
  dailyNano?: NanoUsd;
  monthlyNano?: NanoUsd;
  /** Fraction of a limit at which one soft alert per period is emitted (e.g. 0.8). */
  softAlertRatio: number;
}

/** Whose money a call spends, and the limits in force for each. */
export interface BudgetSubject {
  projectId: string;
  organizationId: string;
  project: ScopeLimits;
  organization: ScopeLimits;
}

/** The limit that refused a reservation. */
export interface BudgetBreach {
  scope: BudgetScope;
  scopeId: string;
  period: BudgetPeriod;
  /** Period key such as `2026-11-20` or `2026-11`. */
  periodKey: string;
  limitNano: NanoUsd;
  spentNano: NanoUsd;
  reservedNano: NanoUsd;
  requestedNano: NanoUsd;
}

/** A soft-limit crossing, reported once per scope and period. */
export interface BudgetAlert {
  scope: BudgetScope;
  scopeId: string;
  period: BudgetPeriod;
  periodKey: string;
  limitNano: NanoUsd;
  spentNano: NanoUsd;
  ratio: number;
}
