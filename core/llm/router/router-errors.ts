import type { BudgetBreach } from '../../budgets/budget-types.js';
import { nanoToUsd } from '../../budgets/money.js';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { AttemptRecord } from './attempt-record.js';

function formatUsd(nano: number): string {
  const usd = nanoToUsd(nano);
  return `$${usd < 0.01 && usd > 0 ? usd.toFixed(6) : usd.toFixed(2)}`;
}

/** A call refused because it would pass a budget: names the budget, the spent amount and the limit. */
export class BudgetExceededError extends SwitchyardError {
  readonly breach: BudgetBreach;
  readonly attempts: AttemptRecord[];
  constructor(breach: BudgetBreach, attempts: AttemptRecord[]) {
    const period = breach.period === 'day' ? 'daily' : 'monthly';
    super({
      code: 'budget.exceeded',
      status: 402,
      message:
        `The ${breach.scope}'s ${period} budget (${breach.periodKey}) is exhausted: spent ${formatUsd(breach.spentNano)}` +
        `${breach.reservedNano > 0 ? ` (+${formatUsd(breach.reservedNano)} in flight)` : ''} of ${formatUsd(breach.limitNano)}; ` +
        `this call needs up to ${formatUsd(breach.requestedNano)}. Raise the limit or wait for the next period.`,
    });
    this.name = 'BudgetExceededError';
    this.breach = breach;
    this.attempts = attempts;
  }
}

/** Every candidate was skipped or failed. */
export class NoHealthyProviderError extends SwitchyardError {
  readonly attempts: AttemptRecord[];
  constructor(attempts: AttemptRecord[], message?: string) {
    const summary = attempts
      .map((attempt) => `${attempt.candidate}: ${attempt.skipReason ?? attempt.errorCode ?? attempt.outcome}`)
      .join('; ');
    super({
      code: 'router.no_healthy_provider',
      status: 503,
      retryable: true,
      message: message ?? `No provider could answer (${summary || 'no candidates configured'})`,
    });
    this.name = 'NoHealthyProviderError';
    this.attempts = attempts;
  }
}
