import type { ProviderRegistry } from '../../core/llm/router/provider-registry.js';
import type { LanguageModel } from '../../core/llm/spec/language-model.js';
import type { CallOptions, ModelRequest } from '../../core/llm/spec/model-request.js';
import type { ModelResponse, StreamPart } from '../../core/llm/spec/model-response.js';
import { ProviderError, type ProviderErrorReason } from '../../core/llm/spec/provider-error.js';

/** What a scripted model does on one call. */
export type ScriptedBehavior =
  | { kind: 'reply'; text?: string; inputTokens?: number; outputTokens?: number; delayMs?: number }
  | { kind: 'error'; reason: ProviderErrorReason; status?: number; retryAfterMs?: number }
  | { kind: 'hang' }
  | { kind: 'cut-stream'; afterDeltas: number };

const retryable: Record<string, number> = {
  rate_limited: 429,
  server_error: 500,
  overloaded: 529,
  timeout: 408,
  bad_request: 400,
  context_length: 400,
  auth_failed: 401,
};

function abortError(candidate: string, signal: AbortSignal): ProviderError {
  const [provider = '', model = ''] = candidate.split(':');
  const timedOut = (signal.reason as DOMException | undefined)?.name === 'TimeoutError';
  return new ProviderError({
    provider,
    model,
    reason: timedOut ? 'timeout' : 'aborted',
    message: timedOut ? 'timed out' : 'aborted',
  });
}

/**
 * Language models whose behaviour each test scripts per `provider:model`, for the router's own logic
 * (order, failover, budgets). The real adapters are tested against the stand-in servers elsewhere.
 */
export function createScriptedProviderRegistry() {
  const scripts = new Map<string, ScriptedBehavior[]>();
  const calls: { candidate: string; request: ModelRequest }[] = [];
  const next = (candidate: string): ScriptedBehavior => scripts.get(candidate)?.shift() ?? { kind: 'reply' };

  const wait = (milliseconds: number, signal: AbortSignal, candidate: string) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(abortError(candidate, signal));
      const timer = milliseconds >= 0 ? setTimeout(resolve, milliseconds) : undefined;
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(abortError(candidate, signal));
        },
        { once: true },
      );
    });

  const fail = (candidate: string, behavior: Extract<ScriptedBehavior, { kind: 'error' }>): never => {
    const [provider = '', model = ''] = candidate.split(':');
    throw new ProviderError({
      provider,
      model,
      reason: behavior.reason,
      upstreamStatus: behavior.status ?? retryable[behavior.reason] ?? 500,
      retryAfterMs: behavior.retryAfterMs,
      message: `scripted ${behavior.reason}`,
    });
  };

  const modelFor = (candidate: string): LanguageModel => {
    const [provider = '', modelId = ''] = candidate.split(':');
    /** What every call does first, like the real adapters: wait for the budget hold, then act out the script. */
    const begin = async (request: ModelRequest, options: CallOptions | undefined) => {
      await options?.sendAfter;
      calls.push({ candidate, request });
      const behavior = next(candidate);
      const signal = options?.signal ?? new AbortController().signal;
      if (behavior.kind === 'hang') await wait(-1, signal, candidate);
      if (behavior.kind === 'error') fail(candidate, behavior);
      return { behavior, signal };
    };
    return {
      provider,
      modelId,
      async complete(request, options): Promise<ModelResponse> {
        const { behavior, signal } = await begin(request, options);
        if (behavior.kind === 'reply' && behavior.delayMs) await wait(behavior.delayMs, signal, candidate);
        const reply = behavior.kind === 'reply' ? behavior : { kind: 'reply' as const };
        return {
          text: reply.text ?? `answer from ${candidate}`,
          finishReason: 'stop',
          usage: { inputTokens: reply.inputTokens ?? 100, outputTokens: reply.outputTokens ?? 50 },
          responseModel: modelId,
        };
      },
      async *stream(request, options): AsyncGenerator<StreamPart> {
        const { behavior } = await begin(request, options);
        const deltas = ['one ', 'two ', 'three'];
        for (const [index, delta] of deltas.entries()) {
          if (behavior.kind === 'cut-stream' && index === behavior.afterDeltas) {
            throw new ProviderError({
              provider,
              model: modelId,
              reason: 'stream_interrupted',
              message: 'scripted cut',
            });
          }
          yield { type: 'text-delta', delta };
        }
        yield {
          type: 'finish',
          finishReason: 'stop',
          usage: { inputTokens: 100, outputTokens: 50 },
          responseModel: modelId,
        };
      },
    };
  };

  const registry: ProviderRegistry = {
    languageModel: (credential, modelId) => modelFor(`${credential.name}:${modelId}`),
  };
  return {
    registry,
    calls,
    script(candidate: string, behaviors: ScriptedBehavior[]) {
      scripts.set(candidate, [...(scripts.get(candidate) ?? []), ...behaviors]);
    },
    callsTo: (candidate: string) => calls.filter((call) => call.candidate === candidate).length,
  };
}
