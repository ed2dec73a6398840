import type { BudgetBreach, BudgetSubject } from '../../budgets/budget-types.js';
import { isSwitchyardError } from '../../errors/switchyard-error.js';
import type { LanguageModel } from '../spec/language-model.js';
import type { ModelRequest } from '../spec/model-request.js';
import { ProviderError } from '../spec/provider-error.js';
import type { AttemptRecord, SkipReason } from './attempt-record.js';
import { largerContextCandidates, type PlannedCandidate } from './plan-candidates.js';
import type { RouteInput } from './route-types.js';
import { BudgetExceededError, NoHealthyProviderError } from './router-errors.js';
import type { RouterServices } from './router-services.js';

/** A candidate that answered: the value its call produced and the hold to settle. */
export interface CandidateWin<T> {
  value: T;
  candidate: PlannedCandidate;
  reservationId: string | undefined;
  startedAt: number;
  probe: boolean;
  /** Call once the call is fully over (a stream's last part): stops the per-attempt timer. */
  finishAttempt(): void;
}

/**
 * Performs one call on one candidate; resolves once the call has committed (a response, or a stream's first
 * part). `sendAfter` is the budget hold: the provider request must not leave before it (CallOptions.sendAfter).
 */
export type CandidateCall<T> = (
  model: LanguageModel,
  request: ModelRequest,
  signal: AbortSignal,
  sendAfter: Promise<unknown> | undefined,
) => Promise<T>;

/** Waits, but never past the deadline, and not at all once the caller has gone. */
const sleep = (milliseconds: number, deadlineAt: number, caller: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, Math.min(milliseconds, deadlineAt - performance.now())));
    caller?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * One AbortController per attempt, aborted by the attempt timeout, the overall deadline or the caller's
 * signal: one timer and no AbortSignal.any/timeout chains, which cost the gateway measurably per request.
 */
function attemptSignal(
  timeoutMs: number,
  deadlineAt: number,
  caller: AbortSignal | undefined,
): { signal: AbortSignal; stopTimer(): void } {
  const controller = new AbortController();
  const remaining = deadlineAt - performance.now();
  const timer = setTimeout(
    () =>
      controller.abort(
        new DOMException(remaining < timeoutMs ? 'deadline passed' : 'attempt timed out', 'TimeoutError'),
      ),
    Math.max(0, Math.min(timeoutMs, remaining)),
  );
  // Stays linked after the timer stops: a client that leaves mid-stream still ends the upstream call.
  caller?.addEventListener('abort', () => controller.abort(caller.reason), { once: true });
  return { signal: controller.signal, stopTimer: () => clearTimeout(timer) };
}

function toProviderError(error: unknown, candidate: PlannedCandidate): ProviderError {
  if (error instanceof ProviderError) return error;
  return new ProviderError({
    provider: candidate.provider,
    model: candidate.model,
    reason: 'connection',
    message: isSwitchyardError(error) || error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

/**
 * The failover loop shared by complete and stream: walks the ordered candidates, skipping open breakers,
 * rate-limited and over-budget candidates, reserving the worst-case cost before each call and releasing it
 * on failure. Fails over on retryable errors, moves to larger windows on context-length errors, stops on
 * other 4xx, and waits out a retry-after or rate window only for the last candidate standing.
 */
export async function runCandidates<T>(
  services: RouterServices,
  input: RouteInput,
  subject: BudgetSubject | undefined,
  queue: PlannedCandidate[],
  attempts: AttemptRecord[],
  call: CandidateCall<T>,
): Promise<CandidateWin<T>> {
  const { options } = services;
  const deadlineAt = performance.now() + options.deadlineMs;
  const pastDeadline = () => performance.now() >= deadlineAt || input.signal?.aborted === true;
  let breach: BudgetBreach | undefined;
  let pending = [...queue];
  let waitedOnce = false;
  let attemptNumber = 0;
  // The last candidate standing may wait out one short retry-after or rate window, within the deadline.
  const waitOnceFor = async (milliseconds: number): Promise<boolean> => {
    if (waitedOnce || milliseconds > options.maxRetryWaitMs) return false;
    waitedOnce = true;
    await sleep(milliseconds, deadlineAt, input.signal);
    return true;
  };
  const skip = (candidate: PlannedCandidate, skipReason: SkipReason, retryAfterMs?: number) => {
    attempts.push({ candidate: candidate.id, outcome: 'skipped', skipReason, retryAfterMs });
    services.metrics?.llmAttempts.inc({
      provider: candidate.provider,
      model: candidate.model,
      outcome: 'skipped',
    });
  };

  while (pending.length > 0) {
    const candidate = pending.shift()!;
    const isLast = pending.length === 0;
    if (pastDeadline()) {
      skip(candidate, 'deadline');
      continue;
    }
    const decision = await services.breaker.check(candidate.id);
    if (!decision.allowed) {
      const waitable = decision.reason === 'cooling_down';
      if (waitable && isLast && (await waitOnceFor(decision.retryInMs))) {
        pending.unshift(candidate);
        continue;
      }
      skip(candidate, decision.reason, decision.retryInMs);
      continue;
    }
    const rate = await services.rateLimiter.take(candidate.id, candidate.tokensForRateLimit);
    if (!rate.allowed) {
      if (isLast && (await waitOnceFor(rate.retryInMs))) {
        pending.unshift(candidate);
        continue;
      }
      skip(candidate, 'rate_limited', rate.retryInMs);
      continue;
    }

    const reservationId = subject ? `${input.callKey}:${attemptNumber}` : undefined;
    attemptNumber += 1;
    // The hold is placed while the SDK prepares the request, which waits for it before anything is sent:
    // the reserve round trip overlaps the SDK's own work instead of adding to it.
    const reservation =
      subject && reservationId
        ? services.ledger.reserve({ reservationId, subject, amountNano: candidate.worstCaseCostNano })
        : undefined;
    const sendAfter = reservation?.then((reserved) => {
      if (!reserved.ok) throw new Error('budget hold refused');
    });
    sendAfter?.catch(() => {});

    const credential = input.settings.providers[candidate.provider]!;
    const model = services.providers.languageModel(credential, candidate.model);
    const attempt = attemptSignal(options.attemptTimeoutMs, deadlineAt, input.signal);
    const request: ModelRequest =
      candidate.maxOutputTokens === input.request.maxOutputTokens
        ? input.request
        : { ...input.request, maxOutputTokens: candidate.maxOutputTokens };
    const startedAt = performance.now();
    try {
      const value = await call(model, request, attempt.signal, sendAfter);
      return {
        value,
        candidate,
        reservationId,
        startedAt,
        probe: decision.probe,
        finishAttempt: attempt.stopTimer,
      };
    } catch (caught) {
      attempt.stopTimer();
      if (reservation && reservationId) {
        // A refused or failed reserve is why the call failed (it was never sent): report that, not the call.
        const reserved = await reservation;
        if (!reserved.ok) {
          breach = reserved.breach;
          skip(candidate, 'budget');
          services.metrics?.budgetRefusals.inc({ scope: breach.scope, period: breach.period });
          continue;
        }
        await services.ledger.release(reservationId);
      }
      const error = toProviderError(caught, candidate);
      const latencyMs = Math.round(performance.now() - startedAt);
      attempts.push({
        candidate: candidate.id,
        outcome: 'failed',
        errorCode: error.code,
        status: error.upstreamStatus,
        message: error.message.slice(0, 300),
        latencyMs,
        retryAfterMs: error.retryAfterMs,
        probe: decision.probe || undefined,
      });
      services.metrics?.llmAttempts.inc({
        provider: candidate.provider,
        model: candidate.model,
        outcome: 'error',
      });
      if (input.signal?.aborted) throw error;
      if (error.reason === 'context_length') {
        pending = largerContextCandidates(pending, candidate);
        continue;
      }
      if (!error.retryable) throw error;
      await services.breaker.recordFailure(candidate.id);
      if (error.retryAfterMs !== undefined) {
        await services.breaker.coolDown(candidate.id, error.retryAfterMs);
        if (isLast && (await waitOnceFor(error.retryAfterMs))) pending.unshift(candidate);
      }
    }
  }

  const failedOrSkippedForBudget = attempts.some((attempt) => attempt.outcome === 'failed');
  if (breach && !failedOrSkippedForBudget) throw new BudgetExceededError(breach, attempts);
  throw new NoHealthyProviderError(attempts);
}
