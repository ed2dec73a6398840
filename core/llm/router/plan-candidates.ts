import { tokensCostNano } from '../../budgets/money.js';
import type {
  PriceEntry,
  ProjectSettings,
  RoutingPolicyName,
  RoutingSettings,
} from '../../projects/project-settings.js';
import { estimateInputTokens, upperBoundInputTokens } from '../estimate-input-tokens.js';
import { parseModelName } from '../model-name.js';
import { lookupPrice } from '../pricing/lookup-price.js';
import type { ModelRequest } from '../spec/model-request.js';
import type { AttemptRecord } from './attempt-record.js';
import { budgetSubjectOf } from './budget-subject-of.js';
import { type OrderingContext, orderCandidates } from './policies/order-candidates.js';

/** A `provider:model` the router may call for this request, with what it would cost. */
export interface PlannedCandidate {
  id: string;
  provider: string;
  model: string;
  price?: PriceEntry;
  maxOutputTokens: number;
  /** Typical cost (estimated prompt + max output), for the `cheapest` policy. */
  expectedCostNano?: number;
  /** What the budget reserves: the prompt's upper bound plus max output, at this candidate's price. */
  worstCaseCostNano: number;
  /** Tokens taken from a TPM rate limit. */
  tokensForRateLimit: number;
}

export interface CandidatePlan {
  policy: RoutingPolicyName;
  candidates: PlannedCandidate[];
  skipped: AttemptRecord[];
}

export interface PlanInput {
  settings: ProjectSettings;
  request: ModelRequest;
  agent: string;
  /** Tried first, before the routing list (the gateway's explicit `provider:model`). */
  preferredModel?: string;
  /** Replaces the routing list (e.g. the repository config's candidate list). */
  models?: string[];
  policy?: RoutingPolicyName;
  defaultMaxOutputTokens: number;
  ordering: OrderingContext;
}

/** The routing rule for an agent, falling back to the project's default rule. */
export function routingFor(settings: ProjectSettings, agent: string): RoutingSettings {
  return settings.routing[agent] ?? settings.routing.default ?? { policy: 'fallback', models: [] };
}

/**
 * Turns the project's routing rule into an ordered candidate list: applies the allow-list, the
 * credentials on file, the price table and the context window, then the policy's order.
 */
export function planCandidates(input: PlanInput): CandidatePlan {
  const routing = routingFor(input.settings, input.agent);
  const policy = input.policy ?? routing.policy;
  const listed = input.models ?? routing.models;
  const ids = [...new Set([...(input.preferredModel ? [input.preferredModel] : []), ...listed])];
  const typicalInput = estimateInputTokens(input.request);
  const boundInput = upperBoundInputTokens(input.request);
  const budgetsInForce = budgetSubjectOf(input.settings) !== undefined;
  const skipped: AttemptRecord[] = [];
  const planned: PlannedCandidate[] = [];

  for (const id of ids) {
    const name = parseModelName(id);
    if (!name) continue;
    if (routing.allowedModels && !routing.allowedModels.includes(id)) {
      skipped.push({ candidate: id, outcome: 'skipped', skipReason: 'not_allowed' });
      continue;
    }
    if (!input.settings.providers[name.provider]) {
      skipped.push({
        candidate: id,
        outcome: 'skipped',
        skipReason: 'no_credentials',
        message: `no provider named ${name.provider} is configured`,
      });
      continue;
    }
    const price = lookupPrice(id, input.settings.priceOverrides);
    if (!price && budgetsInForce) {
      skipped.push({
        candidate: id,
        outcome: 'skipped',
        skipReason: 'no_price',
        message: `budgets are set but ${id} has no price: set one with PUT /api/v1/projects/:id/prices`,
      });
      continue;
    }
    const modelMaximum = price?.maxOutputTokens ?? Number.POSITIVE_INFINITY;
    const maxOutputTokens = Math.min(
      input.request.maxOutputTokens ?? input.defaultMaxOutputTokens,
      modelMaximum,
    );
    if (
      price?.contextWindow !== undefined &&
      typicalInput + Math.min(maxOutputTokens, 1024) > price.contextWindow
    ) {
      skipped.push({
        candidate: id,
        outcome: 'skipped',
        skipReason: 'context_window',
        message: `about ${typicalInput} prompt tokens do not fit ${id}'s ${price.contextWindow}-token window`,
      });
      continue;
    }
    const boundedInput =
      price?.contextWindow !== undefined ? Math.min(boundInput, price.contextWindow) : boundInput;
    planned.push({
      id,
      provider: name.provider,
      model: name.model,
      price,
      maxOutputTokens,
      expectedCostNano: price
        ? tokensCostNano(typicalInput, price.inputPerMTok) +
          tokensCostNano(maxOutputTokens, price.outputPerMTok)
        : undefined,
      worstCaseCostNano: price
        ? tokensCostNano(boundedInput, price.inputPerMTok) +
          tokensCostNano(maxOutputTokens, price.outputPerMTok)
        : 0,
      tokensForRateLimit: typicalInput + maxOutputTokens,
    });
  }

  const [preferred, ...rest] = planned;
  const ordered =
    input.preferredModel && preferred?.id === input.preferredModel
      ? [preferred, ...orderCandidates(policy, rest, { ...input.ordering, weights: routing.weights })]
      : orderCandidates(policy, planned, { ...input.ordering, weights: routing.weights });
  return { policy, candidates: ordered, skipped };
}

/** Candidates with a larger context window than `than`, for a context-length failure. */
export function largerContextCandidates(
  candidates: PlannedCandidate[],
  than: PlannedCandidate,
): PlannedCandidate[] {
  const window = than.price?.contextWindow ?? 0;
  return candidates.filter(
    (candidate) => (candidate.price?.contextWindow ?? Number.POSITIVE_INFINITY) > window,
  );
}
