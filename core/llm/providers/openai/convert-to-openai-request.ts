import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionStreamOptions,
} from 'openai/resources/chat/completions';
import type { ResponseFormatJSONObject } from 'openai/resources/shared';
import type { ModelRequest } from '../../spec/model-request.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';

/** What differs between OpenAI itself and servers that copy its API. */
export interface OpenAIDialect {
  /**
   * The field carrying the output-token limit: OpenAI's `max_completion_tokens` (required by its reasoning
   * models), or `max_tokens`, the only name many compatible servers know.
   */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
}

// Shared by every request: the SDK only serializes them.
const jsonObjectFormat: ResponseFormatJSONObject = { type: 'json_object' };
const includeUsage: ChatCompletionStreamOptions = { include_usage: true };

/** The chat.completions body for a request; streaming asks for usage in the final chunk. */
export function convertToOpenAIRequest(
  modelId: string,
  request: ModelRequest,
  dialect: OpenAIDialect,
  stream: true,
): ChatCompletionCreateParamsStreaming;
export function convertToOpenAIRequest(
  modelId: string,
  request: ModelRequest,
  dialect: OpenAIDialect,
  stream: false,
): ChatCompletionCreateParamsNonStreaming;
export function convertToOpenAIRequest(
  modelId: string,
  request: ModelRequest,
  dialect: OpenAIDialect,
  stream: boolean,
): ChatCompletionCreateParamsBase {
  const body: ChatCompletionCreateParamsBase = { model: modelId, messages: convertToOpenAIMessages(request) };
  if (request.maxOutputTokens !== undefined) body[dialect.maxTokensField] = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.responseFormat === 'json') body.response_format = jsonObjectFormat;
  if (request.user !== undefined) body.user = request.user;
  if (stream) {
    body.stream = true;
    body.stream_options = includeUsage;
  }
  return body;
}
