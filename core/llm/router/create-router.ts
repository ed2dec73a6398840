import { isSwitchyardError } from '../../errors/switchyard-error.js';
import type { ModelResponse, StreamPart } from '../spec/model-response.js';
import type { AttemptRecord } from './attempt-record.js';
import { budgetSubjectOf } from './budget-subject-of.js';
import { createCallAccounting } from './call-accounting.js';
import { planCandidates } from './plan-candidates.js';
import type { RoutedStream, RouteInput, RouteOutcome } from './route-types.js';
import type { RouterServices } from './router-services.js';
import { type CandidateWin, runCandidates } from './run-candidates.js';

/** Routes model calls across providers within budgets. */
export interface Router {
  complete(input: RouteInput): Promise<RouteOutcome>;
  /** Resolves once a candidate has produced its first part; earlier failures fail over. */
  stream(input: RouteInput): Promise<RoutedStream>;
  /** Waits for settlements still in flight (at shutdown). */
  drain(): Promise<void>;
}

/** Builds the router over its shared services (ledger, breaker, rate limiter, cache, usage recorder). */
export function createRouter(services: RouterServices): Router {
  const inFlight = new Set<Promise<unknown>>();
  const track = (promise: Promise<unknown>) => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  };
  const random = services.random ?? Math.random;

  const plan = (input: RouteInput) =>
    planCandidates({
      settings: input.settings,
      request: input.request,
      agent: input.agent ?? 'default',
      preferredModel: input.preferredModel,
      models: input.models,
      policy: input.policy,
      defaultMaxOutputTokens: services.options.defaultMaxOutputTokens,
      ordering: { latencyOf: services.latency.latencyOf, random },
    });

  const accounting = createCallAccounting(services, track);

  return {
    async complete(input) {
      const startedAt = performance.now();
      const { candidates, skipped } = plan(input);
      const attempts: AttemptRecord[] = [...skipped];
      const cacheTtl = input.settings.cacheTtlSeconds;
      const cacheKey =
        cacheTtl > 0
          ? services.cache.keyFor(
              input.settings.projectId,
              input.request,
              candidates.map((candidate) => candidate.id),
            )
          : undefined;
      if (cacheKey) {
        const hit = await services.cache.read(cacheKey);
        if (hit) {
          const [provider = 'none', ...rest] = hit.candidate.split(':');
          attempts.push({ candidate: hit.candidate, outcome: 'cache_hit' });
          const latencyMs = Math.round(performance.now() - startedAt);
          accounting.recordUsage(input, {
            candidate: { id: hit.candidate, provider, model: rest.join(':') },
            outcome: 'cache_hit',
            latencyMs,
            attempts,
            usage: hit.response.usage,
            costNano: 0,
          });
          services.metrics?.llmAttempts.inc({ provider, model: rest.join(':'), outcome: 'cache_hit' });
          return {
            candidate: hit.candidate,
            provider,
            model: rest.join(':'),
            response: hit.response,
            costUsd: 0,
            cached: true,
            attempts,
            latencyMs,
          };
        }
      }
      const subject = budgetSubjectOf(input.settings);
      try {
        const win = await runCandidates(
          services,
          input,
          subject,
          candidates,
          attempts,
          (model, request, signal, sendAfter) => model.complete(request, { signal, sendAfter }),
        );
        win.finishAttempt();
        const outcome = accounting.charge(input, subject, win, win.value, attempts);
        if (cacheKey)
          track(
            services.cache
              .write(cacheKey, { candidate: outcome.candidate, response: outcome.response }, cacheTtl)
              .catch(() => {}),
          );
        return outcome;
      } catch (error) {
        accounting.recordFailure(input, error, attempts, startedAt);
        throw error;
      }
    },

    async stream(input) {
      const startedAt = performance.now();
      const { candidates, skipped } = plan(input);
      const attempts: AttemptRecord[] = [...skipped];
      const subject = budgetSubjectOf(input.settings);
      let win: CandidateWin<{ iterator: AsyncIterator<StreamPart>; first: IteratorResult<StreamPart> }>;
      try {
        win = await runCandidates(
          services,
          input,
          subject,
          candidates,
          attempts,
          async (model, request, signal, sendAfter) => {
            const iterator = model.stream(request, { signal, sendAfter })[Symbol.asyncIterator]();
            // Failover is possible only until the first part: pull it inside the loop.
            return { iterator, first: await iterator.next() };
          },
        );
      } catch (error) {
        accounting.recordFailure(input, error, attempts, startedAt);
        throw error;
      }
      win.finishAttempt();
      const { candidate } = win;
      let resolveOutcome!: (outcome: RouteOutcome) => void;
      let rejectOutcome!: (error: unknown) => void;
      const outcome = new Promise<RouteOutcome>((resolve, reject) => {
        resolveOutcome = resolve;
        rejectOutcome = reject;
      });
      // Callers that only iterate parts must not see an unhandled rejection.
      outcome.catch(() => {});
      async function* parts(): AsyncGenerator<StreamPart> {
        let text = '';
        let result = win.value.first;
        let finished = false;
        try {
          while (!result.done) {
            const part = result.value;
            if (part.type === 'text-delta') text += part.delta;
            if (part.type === 'finish') {
              // Charged before the finish part is handed on, so a consumer may await `outcome` on seeing it.
              finished = true;
              const response: ModelResponse = {
                text,
                finishReason: part.finishReason,
                usage: part.usage,
                responseModel: part.responseModel,
                responseId: part.responseId,
              };
              resolveOutcome(accounting.charge(input, subject, win, response, attempts));
            }
            yield part;
            result = await win.value.iterator.next();
          }
          if (!finished) throw new Error('the provider stream ended without a finish event');
        } catch (error) {
          if (!finished) {
            if (win.reservationId) track(services.ledger.release(win.reservationId).catch(() => {}));
            attempts.push({
              candidate: candidate.id,
              outcome: 'failed',
              errorCode: isSwitchyardError(error) ? error.code : 'llm.stream_interrupted',
              latencyMs: Math.round(performance.now() - win.startedAt),
            });
            accounting.recordFailure(input, error, attempts, startedAt);
            rejectOutcome(error);
          }
          throw error;
        } finally {
          if (!finished) {
            // The consumer stopped early (client disconnected): end the upstream call, free the hold.
            await win.value.iterator.return?.();
            if (win.reservationId) track(services.ledger.release(win.reservationId).catch(() => {}));
            rejectOutcome(new Error('stream closed before it finished'));
          }
        }
      }
      return {
        candidate: candidate.id,
        provider: candidate.provider,
        model: candidate.model,
        attempts,
        parts: parts(),
        outcome,
      };
    },

    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
