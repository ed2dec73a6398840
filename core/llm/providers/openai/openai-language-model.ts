import type OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { LanguageModel } from '../../spec/language-model.js';
import type { CallOptions, ModelRequest } from '../../spec/model-request.js';
import type { FinishReason, ModelResponse, ModelUsage, StreamPart } from '../../spec/model-response.js';
import type { ProviderError } from '../../spec/provider-error.js';
import { createProviderError, type ProviderErrorContext } from '../create-provider-error.js';
import { estimateUsage } from '../estimate-usage.js';
import { gatedFetchOptions } from '../gate-fetch.js';
import { type CallPhase, mapAbortedCall } from '../map-call-failure.js';
import { convertToOpenAIRequest, type OpenAIDialect } from './convert-to-openai-request.js';
import { mapOpenAIError } from './map-openai-error.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

/** What an OpenAI-protocol model shares with the other models of its provider instance. */
export interface OpenAILanguageModelConfiguration {
  /** Prefix used in model names (`openai`, or a custom name such as `groq`). */
  provider: string;
  client: OpenAI;
  dialect: OpenAIDialect;
  secrets: readonly string[];
}

/** One model behind the chat.completions API: OpenAI itself or any server that speaks it. */
export class OpenAILanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly #client: OpenAI;
  readonly #dialect: OpenAIDialect;
  readonly #errorContext: ProviderErrorContext;

  constructor(modelId: string, configuration: OpenAILanguageModelConfiguration) {
    this.provider = configuration.provider;
    this.modelId = modelId;
    this.#client = configuration.client;
    this.#dialect = configuration.dialect;
    this.#errorContext = { provider: configuration.provider, model: modelId, secrets: configuration.secrets };
  }

  async complete(request: ModelRequest, options?: CallOptions): Promise<ModelResponse> {
    const signal = options?.signal;
    let completion: ChatCompletion;
    try {
      completion = await this.#client.chat.completions.create(
        convertToOpenAIRequest(this.modelId, request, this.#dialect, false),
        { signal, fetchOptions: gatedFetchOptions(options) },
      );
    } catch (error) {
      throw this.#fail(error, signal, 'request');
    }
    // The SDK hands back a string when the body is not declared as JSON (an HTML error page with status 200).
    if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) {
      throw createProviderError(this.#errorContext, {
        reason: 'malformed_response',
        detail: 'the body is not a chat completion',
      });
    }
    const choice = completion.choices[0];
    const text = choice?.message?.content ?? '';
    return {
      text,
      finishReason: mapOpenAIFinishReason(choice?.finish_reason),
      usage: completion.usage ? mapUsage(completion.usage) : estimateUsage(request, text.length),
      responseModel: completion.model ?? this.modelId,
      responseId: completion.id,
    };
  }

  async *stream(request: ModelRequest, options?: CallOptions): AsyncIterable<StreamPart> {
    const signal = options?.signal;
    let chunks: AsyncIterable<ChatCompletionChunk>;
    try {
      chunks = await this.#client.chat.completions.create(
        convertToOpenAIRequest(this.modelId, request, this.#dialect, true),
        { signal, fetchOptions: gatedFetchOptions(options) },
      );
    } catch (error) {
      throw this.#fail(error, signal, 'request');
    }
    let finishReason: FinishReason | undefined;
    let usage: CompletionUsage | undefined;
    let responseModel = this.modelId;
    let responseId: string | undefined;
    let outputCharacters = 0;
    try {
      for await (const chunk of chunks) {
        // Usage arrives in a last chunk with no choices (some servers repeat it in every chunk: keep the last).
        if (chunk.usage) usage = chunk.usage;
        if (responseId === undefined) {
          responseId = chunk.id;
          if (chunk.model) responseModel = chunk.model;
        }
        const choice = chunk.choices?.[0];
        if (choice === undefined) continue;
        const delta = choice.delta?.content;
        if (delta) {
          outputCharacters += delta.length;
          yield { type: 'text-delta', delta };
        }
        if (choice.finish_reason) finishReason = mapOpenAIFinishReason(choice.finish_reason);
      }
    } catch (error) {
      throw this.#fail(error, signal, 'stream');
    }
    // The SDK ends the iteration quietly when the signal aborts mid-stream.
    if (signal?.aborted) throw mapAbortedCall(this.#errorContext, signal);
    if (finishReason === undefined) {
      throw createProviderError(this.#errorContext, {
        reason: 'stream_interrupted',
        detail: 'no chunk carried a finish_reason',
      });
    }
    yield {
      type: 'finish',
      finishReason,
      usage: usage ? mapUsage(usage) : estimateUsage(request, outputCharacters),
      responseModel,
      responseId,
    };
  }

  #fail(error: unknown, signal: AbortSignal | undefined, phase: CallPhase): ProviderError {
    return mapOpenAIError(error, this.#errorContext, signal, phase);
  }
}

function mapUsage(usage: CompletionUsage): ModelUsage {
  return { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
}
