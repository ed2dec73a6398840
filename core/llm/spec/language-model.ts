import type { CallOptions, ModelRequest } from './model-request.js';
import type { ModelResponse, StreamPart } from './model-response.js';

/** The kinds of provider adapter Switchyard ships. */
export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible';

/**
 * One model at one provider. Adapters throw `ProviderError` (see provider-error.ts) for every failure,
 * including failures in the middle of a stream.
 */
export interface LanguageModel {
  /** The provider prefix used in model names (`openai`, `anthropic`, or a custom name such as `groq`). */
  readonly provider: string;
  readonly modelId: string;
  complete(request: ModelRequest, options?: CallOptions): Promise<ModelResponse>;
  /** Streams text deltas and ends with one `finish` part carrying the usage. */
  stream(request: ModelRequest, options?: CallOptions): AsyncIterable<StreamPart>;
}

/** Settings needed to reach a provider: where and with which key. */
export interface ProviderSettings {
  /** Prefix used in model names, e.g. `openai` or `groq`. */
  name: string;
  kind: ProviderKind;
  apiKey?: string;
  baseUrl?: string;
  /** Extra headers sent with every request (e.g. Azure's `api-key`). */
  headers?: Record<string, string>;
}

/** A configured provider: hands out models by id. */
export interface Provider {
  readonly name: string;
  readonly kind: ProviderKind;
  languageModel(modelId: string): LanguageModel;
}
