import type {
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import type { ModelRequest } from '../../spec/model-request.js';
import { convertToAnthropicMessages, jsonInstruction } from './convert-to-anthropic-messages.js';

/** Anthropic requires `max_tokens`; this applies when neither the request nor the router set one. */
export const defaultMaxOutputTokens = 4096;

/**
 * The SDK's types (API version 2026-10-21) no longer list the sampling parameters, but the request still
 * carries them for models that accept them; the SDK sends the body as it is.
 */
interface SamplingParameters {
  temperature?: number;
  top_p?: number;
}

/** The messages.create body for a request (`prefill`: JSON mode's `{` assistant turn, see convert-to-anthropic-messages). */
export function convertToAnthropicRequest(
  modelId: string,
  request: ModelRequest,
  prefill: boolean,
  stream: true,
): MessageCreateParamsStreaming & SamplingParameters;
export function convertToAnthropicRequest(
  modelId: string,
  request: ModelRequest,
  prefill: boolean,
  stream: false,
): MessageCreateParamsNonStreaming & SamplingParameters;
export function convertToAnthropicRequest(
  modelId: string,
  request: ModelRequest,
  prefill: boolean,
  stream: boolean,
): MessageCreateParamsBase & SamplingParameters {
  const body: MessageCreateParamsBase & SamplingParameters = {
    model: modelId,
    max_tokens: request.maxOutputTokens ?? defaultMaxOutputTokens,
    messages: convertToAnthropicMessages(request, prefill),
  };
  const system = request.responseFormat === 'json' ? joinSystem(request.system) : request.system;
  if (system) body.system = system;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (stream) body.stream = true;
  return body;
}

function joinSystem(system: string | undefined): string {
  return system ? `${system}\n\n${jsonInstruction}` : jsonInstruction;
}
