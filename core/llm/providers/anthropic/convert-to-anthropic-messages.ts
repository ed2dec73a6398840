import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ModelRequest } from '../../spec/model-request.js';

/**
 * JSON mode, done the way that works on every Claude model this adapter targets: an instruction in the system
 * prompt plus an assistant turn that already opened the object with `{`, which the model then continues (the
 * adapter puts the `{` back in front of the answer). Structured outputs (`output_config.format`) would need a
 * schema, which a `responseFormat: 'json'` request does not carry. Models that refuse prefills answer 400.
 */
export const jsonInstruction = 'Respond with one JSON object and nothing else: no prose, no code fences.';
export const jsonPrefill = '{';
const prefillMessage: MessageParam = { role: 'assistant', content: jsonPrefill };

/** True when JSON mode is on and the last turn is the user's, so an assistant prefill can follow it. */
export function usesJsonPrefill(request: ModelRequest): boolean {
  if (request.responseFormat !== 'json') return false;
  const last = request.messages[request.messages.length - 1];
  return last === undefined || last.role === 'user';
}

/**
 * The turns of a request (a ModelMessage already has the wire shape of an Anthropic text message, so they
 * are passed as they are), plus the `{` prefill in JSON mode.
 */
export function convertToAnthropicMessages(request: ModelRequest, prefill: boolean): MessageParam[] {
  return prefill ? [...request.messages, prefillMessage] : request.messages;
}
