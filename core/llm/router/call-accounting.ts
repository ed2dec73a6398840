import type { BudgetSubject } from '../../budgets/budget-types.js';
import { nanoToUsd, tokensCostNano } from '../../budgets/money.js';
import { isSwitchyardError } from '../../errors/switchyard-error.js';
import { recordAnsweredCall } from '../../observability/metrics.js';
import type { ModelResponse, ModelUsage } from '../spec/model-response.js';
import type { AttemptRecord } from './attempt-record.js';
import type { PlannedCandidate } from './plan-candidates.js';
import type { RouteInput, RouteOutcome } from './route-types.js';
import type { RouterServices } from './router-services.js';
import type { CandidateWin } from './run-candidates.js';

function costOf(candidate: PlannedCandidate, usage: ModelUsage): number {
  if (!candidate.price) return 0;
  return (
    tokensCostNano(usage.inputTokens, candidate.price.inputPerMTok) +
    tokensCostNano(usage.outputTokens, candidate.price.outputPerMTok)
  );
}

/** The `provider:model` a usage row is about. */
type UsageCandidate = Pick<PlannedCandidate, 'id' | 'provider' | 'model'>;

/**
 * What a routed call leaves behind: the winner's settle (keyed on the call, so it charges once), breaker
 * health, latency, one usage row with the attempt log, and metrics.
 */
export function createCallAccounting(services: RouterServices, track: (promise: Promise<unknown>) => void) {
  const recordUsage = (
    input: RouteInput,
    fields: {
      candidate?: UsageCandidate;
      outcome: 'success' | 'error' | 'cache_hit' | 'refused';
      usage?: ModelUsage;
      costNano?: number;
      latencyMs: number;
      errorCode?: string;
      attempts: AttemptRecord[];
      providerModel?: string;
    },
  ) => {
    services.usage.record({
      projectId: input.settings.projectId,
      organizationId: input.settings.organizationId,
      settlementKey: input.callKey,
      requestId: input.requestId,
      jobId: input.jobId,
      source: input.source,
      agent: input.agent,
      provider: fields.candidate?.provider ?? 'none',
      model: fields.candidate?.model ?? fields.providerModel ?? 'none',
      inputTokens: fields.usage?.inputTokens ?? 0,
      outputTokens: fields.usage?.outputTokens ?? 0,
      costUsd: nanoToUsd(fields.costNano ?? 0),
      latencyMs: fields.latencyMs,
      outcome: fields.outcome,
      errorCode: fields.errorCode,
      attempts: fields.attempts,
      createdAt: new Date(),
    });
  };

  /** Charges the winner once (settle is keyed on the call), records usage, metrics and breaker health. */
  const charge = (
    input: RouteInput,
    subject: BudgetSubject | undefined,
    win: CandidateWin<unknown>,
    response: ModelResponse,
    attempts: AttemptRecord[],
  ): RouteOutcome => {
    const latencyMs = Math.round(performance.now() - win.startedAt);
    const { candidate } = win;
    const costNano = costOf(candidate, response.usage);
    attempts.push({ candidate: candidate.id, outcome: 'success', latencyMs, probe: win.probe || undefined });
    services.latency.observe(candidate.id, latencyMs);
    const settlement = Promise.all([
      services.breaker.recordSuccess(candidate.id),
      subject && win.reservationId
        ? services.ledger
            .settle({ reservationId: win.reservationId, settlementKey: input.callKey, subject, costNano })
            .then(async (settled) => {
              for (const alert of settled.alerts) await services.onBudgetAlert?.(alert, subject);
            })
        : undefined,
    ]).catch((error: unknown) =>
      services.logger.error({ err: error, callKey: input.callKey }, 'settling a model call failed'),
    );
    track(settlement);
    recordUsage(input, {
      candidate,
      outcome: 'success',
      usage: response.usage,
      costNano,
      latencyMs,
      attempts,
    });
    if (services.metrics) {
      recordAnsweredCall(
        services.metrics,
        { provider: candidate.provider, model: candidate.model },
        response.usage,
        nanoToUsd(costNano),
      );
    }
    return {
      candidate: candidate.id,
      provider: candidate.provider,
      model: candidate.model,
      response,
      costUsd: nanoToUsd(costNano),
      cached: false,
      attempts,
      latencyMs,
    };
  };

  const recordFailure = (input: RouteInput, error: unknown, attempts: AttemptRecord[], startedAt: number) => {
    const code = isSwitchyardError(error) ? error.code : 'internal';
    recordUsage(input, {
      outcome: code === 'budget.exceeded' ? 'refused' : 'error',
      errorCode: code,
      latencyMs: Math.round(performance.now() - startedAt),
      attempts,
    });
  };

  return { recordUsage, charge, recordFailure };
}
