import type { RoutingPolicyName } from '../../../projects/project-settings.js';
import type { PlannedCandidate } from '../plan-candidates.js';

export interface OrderingContext {
  latencyOf(candidate: string): number | undefined;
  weights?: Record<string, number>;
  random(): number;
}

/** `fallback`: the order the project listed. */
function orderAsListed(candidates: PlannedCandidate[]): PlannedCandidate[] {
  return candidates;
}

/** `cheapest`: lowest expected cost first; candidates without a known price last. */
function orderByCost(candidates: PlannedCandidate[]): PlannedCandidate[] {
  return [...candidates].sort(
    (left, right) => (left.expectedCostNano ?? Infinity) - (right.expectedCostNano ?? Infinity),
  );
}

/** `fastest`: lowest weighted latency first; a candidate never measured goes first once so it gets measured. */
function orderByLatency(candidates: PlannedCandidate[], context: OrderingContext): PlannedCandidate[] {
  return [...candidates].sort(
    (left, right) => (context.latencyOf(left.id) ?? -1) - (context.latencyOf(right.id) ?? -1),
  );
}

/** `weighted`: a random order drawn without replacement, each pick in proportion to its weight. */
function orderByWeight(candidates: PlannedCandidate[], context: OrderingContext): PlannedCandidate[] {
  const remaining = [...candidates];
  const ordered: PlannedCandidate[] = [];
  while (remaining.length > 0) {
    const weights = remaining.map((candidate) => Math.max(0, context.weights?.[candidate.id] ?? 1));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let pick = total > 0 ? context.random() * total : 0;
    let index = 0;
    while (index < remaining.length - 1 && pick >= weights[index]!) {
      pick -= weights[index]!;
      index += 1;
    }
    ordered.push(...remaining.splice(index, 1));
  }
  return ordered;
}

const policies: Record<
  RoutingPolicyName,
  (candidates: PlannedCandidate[], context: OrderingContext) => PlannedCandidate[]
> = {
  fallback: orderAsListed,
  cheapest: orderByCost,
  fastest: orderByLatency,
  weighted: orderByWeight,
};

/** Orders candidates by the routing policy. */
export function orderCandidates(
  policy: RoutingPolicyName,
  candidates: PlannedCandidate[],
  context: OrderingContext,
): PlannedCandidate[] {
  return policies[policy](candidates, context);
}
