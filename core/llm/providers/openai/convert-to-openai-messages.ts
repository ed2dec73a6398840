import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ModelRequest } from '../../spec/model-request.js';

/**
 * The chat messages for a request: the system instruction first, then the turns. A ModelMessage already has
 * the wire shape of an OpenAI user/assistant message, so the turns are passed as they are, not copied.
 */
export function convertToOpenAIMessages(request: ModelRequest): ChatCompletionMessageParam[] {
  if (!request.system) return request.messages;
  return [{ role: 'system', content: request.system }, ...request.messages];
}
