import type { LanguageModel, Provider, ProviderKind } from '../spec/language-model.js';
import type { ModelResponse, StreamPart } from '../spec/model-response.js';
import type { ProviderError, ProviderErrorReason } from '../spec/provider-error.js';
import { createProviderError } from './create-provider-error.js';

/** What is missing from a provider's settings, and how the user fixes it. */
export interface ConfigurationProblem {
  reason: ProviderErrorReason;
  summary: string;
  detail: string;
}

/**
 * A model of a provider that cannot be called (no API key, no base URL): every call fails with a ProviderError
 * saying what to set, so the router records the attempt instead of failing while it builds its candidates.
 */
export class UnconfiguredLanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly #problem: ConfigurationProblem;

  constructor(provider: string, modelId: string, problem: ConfigurationProblem) {
    this.provider = provider;
    this.modelId = modelId;
    this.#problem = problem;
  }

  async complete(): Promise<ModelResponse> {
    throw this.#error();
  }

  // biome-ignore lint/correctness/useYield: fails before the first part by design
  async *stream(): AsyncIterable<StreamPart> {
    throw this.#error();
  }

  #error(): ProviderError {
    return createProviderError({ provider: this.provider, model: this.modelId, secrets: [] }, this.#problem);
  }
}

/** The problem of a provider kind that needs a key and has none. */
export function missingApiKeyProblem(provider: string, environmentVariable: string): ConfigurationProblem {
  return {
    reason: 'auth_failed',
    summary: `no API key is configured for provider "${provider}"`,
    detail: `set ${environmentVariable} or store a key for "${provider}" in the project's provider settings`,
  };
}

/** A provider whose every model fails with `problem`: creating it never throws, calling it explains what to set. */
export function createUnconfiguredProvider(
  name: string,
  kind: ProviderKind,
  problem: ConfigurationProblem,
): Provider {
  return { name, kind, languageModel: (modelId) => new UnconfiguredLanguageModel(name, modelId, problem) };
}
