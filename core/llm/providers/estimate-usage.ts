import type { ModelRequest } from '../spec/model-request.js';
import type { ModelUsage } from '../spec/model-response.js';

/**
 * Usage for an endpoint that reports none (many OpenAI-compatible servers, a proxy that drops it): about four
 * UTF-8 bytes per prompt token and four characters per output token, marked `estimated` so budgets can tell.
 */
export function estimateUsage(request: ModelRequest, outputCharacters: number): ModelUsage {
  let promptBytes = request.system ? Buffer.byteLength(request.system) : 0;
  for (const message of request.messages) promptBytes += Buffer.byteLength(message.content);
  return {
    inputTokens: Math.ceil(promptBytes / 4),
    outputTokens: Math.ceil(outputCharacters / 4),
    estimated: true,
  };
}
