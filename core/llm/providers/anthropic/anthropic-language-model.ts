import type Anthropic from '@anthropic-ai/sdk';
import type {
  Message,
  MessageDeltaUsage,
  RawMessageStreamEvent,
  StopReason,
  Usage,
} from '@anthropic-ai/sdk/resources/messages';
import type { LanguageModel } from '../../spec/language-model.js';
import type { CallOptions, ModelRequest } from '../../spec/model-request.js';
import type { ModelResponse, ModelUsage, StreamPart } from '../../spec/model-response.js';
import type { ProviderError } from '../../spec/provider-error.js';
import { createProviderError, type ProviderErrorContext } from '../create-provider-error.js';
import { estimateUsage } from '../estimate-usage.js';
import { gatedFetchOptions } from '../gate-fetch.js';
import { type CallPhase, mapAbortedCall } from '../map-call-failure.js';
import { jsonPrefill, usesJsonPrefill } from './convert-to-anthropic-messages.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

/** What a Claude model shares with the other models of its provider instance. */
export interface AnthropicLanguageModelConfiguration {
  provider: string;
  client: Anthropic;
  secrets: readonly string[];
}

const prefillPart: StreamPart = { type: 'text-delta', delta: jsonPrefill };
// `messages.create` is a thin wrapper over this POST that also writes a console.warn on every call naming a
// deprecated model (claude-sonnet-4-5 among them) and builds tracing settings: on a gateway's hot path that is
// a synchronous stderr write per request. The request, response parsing and SSE stream are the same.
const messagesPath = '/v1/messages';

/** One Claude model behind the Messages API. */
export class AnthropicLanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly #client: Anthropic;
  readonly #errorContext: ProviderErrorContext;

  constructor(modelId: string, configuration: AnthropicLanguageModelConfiguration) {
    this.provider = configuration.provider;
    this.modelId = modelId;
    this.#client = configuration.client;
    this.#errorContext = { provider: configuration.provider, model: modelId, secrets: configuration.secrets };
  }

  async complete(request: ModelRequest, options?: CallOptions): Promise<ModelResponse> {
    const signal = options?.signal;
    const prefill = usesJsonPrefill(request);
    let message: Message;
    try {
      message = await this.#client.post<Message>(messagesPath, {
        body: convertToAnthropicRequest(this.modelId, request, prefill, false),
        signal,
        fetchOptions: gatedFetchOptions(options),
        stream: false,
      });
    } catch (error) {
      throw this.#fail(error, signal, 'request');
    }
    // The SDK hands back a string when the body is not declared as JSON (an HTML error page with status 200).
    if (typeof message !== 'object' || message === null || !Array.isArray(message.content)) {
      throw createProviderError(this.#errorContext, {
        reason: 'malformed_response',
        detail: 'the body is not a message',
      });
    }
    let text = prefill ? jsonPrefill : '';
    for (const block of message.content) if (block.type === 'text') text += block.text;
    return {
      text,
      finishReason: mapAnthropicFinishReason(message.stop_reason),
      usage: message.usage ? mapUsage(message.usage) : estimateUsage(request, text.length),
      responseModel: message.model ?? this.modelId,
      responseId: message.id,
    };
  }

  async *stream(request: ModelRequest, options?: CallOptions): AsyncIterable<StreamPart> {
    const signal = options?.signal;
    const prefill = usesJsonPrefill(request);
    let events: AsyncIterable<RawMessageStreamEvent>;
    try {
      events = await this.#client.post<AsyncIterable<RawMessageStreamEvent>>(messagesPath, {
        body: convertToAnthropicRequest(this.modelId, request, prefill, true),
        signal,
        fetchOptions: gatedFetchOptions(options),
        stream: true,
      });
    } catch (error) {
      throw this.#fail(error, signal, 'request');
    }
    let inputUsage: Usage | undefined;
    let outputUsage: MessageDeltaUsage | undefined;
    let stopReason: StopReason | null = null;
    let responseModel = this.modelId;
    let responseId: string | undefined;
    let outputCharacters = 0;
    let stopped = false;
    if (prefill) {
      outputCharacters += jsonPrefill.length;
      yield prefillPart;
    }
    try {
      for await (const event of events) {
        switch (event.type) {
          case 'message_start':
            inputUsage = event.message.usage ?? undefined;
            responseModel = event.message.model ?? responseModel;
            responseId = event.message.id;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) {
              outputCharacters += event.delta.text.length;
              yield { type: 'text-delta', delta: event.delta.text };
            }
            break;
          case 'message_delta':
            // Output tokens here are cumulative; the last message_delta holds the total.
            outputUsage = event.usage ?? outputUsage;
            stopReason = event.delta?.stop_reason ?? stopReason;
            break;
          case 'message_stop':
            stopped = true;
            break;
        }
      }
    } catch (error) {
      throw this.#fail(error, signal, 'stream');
    }
    // The SDK ends the iteration quietly when the signal aborts mid-stream.
    if (signal?.aborted) throw mapAbortedCall(this.#errorContext, signal);
    if (!stopped) {
      throw createProviderError(this.#errorContext, {
        reason: 'stream_interrupted',
        detail: 'the stream closed before message_stop',
      });
    }
    yield {
      type: 'finish',
      finishReason: mapAnthropicFinishReason(stopReason),
      usage:
        inputUsage || outputUsage
          ? mapStreamUsage(inputUsage, outputUsage)
          : estimateUsage(request, outputCharacters),
      responseModel,
      responseId,
    };
  }

  #fail(error: unknown, signal: AbortSignal | undefined, phase: CallPhase): ProviderError {
    return mapAnthropicError(error, this.#errorContext, signal, phase);
  }
}

// Cache writes and reads are input too; without them a cached prompt would look almost free to the budget.
function inputTokens(usage: {
  input_tokens: number | null;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
}): number {
  return (
    (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0)
  );
}

function mapUsage(usage: Usage): ModelUsage {
  return { inputTokens: inputTokens(usage), outputTokens: usage.output_tokens ?? 0 };
}

function mapStreamUsage(start: Usage | undefined, delta: MessageDeltaUsage | undefined): ModelUsage {
  // message_delta may restate the input counts (null when it does not); it is the later, so it wins.
  const input = delta && delta.input_tokens != null ? inputTokens(delta) : start ? inputTokens(start) : 0;
  return { inputTokens: input, outputTokens: delta?.output_tokens ?? start?.output_tokens ?? 0 };
}
