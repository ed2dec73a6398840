import type { WireView } from '../conformance-target.js';

/** The Messages API fields the tests look at. */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  metadata?: { user_id?: string };
  stream?: boolean;
}

/** Reads a Messages API body back into the normalized request fields (JSON mode: the `{` prefill). */
export function readMessagesBody(body: unknown): WireView {
  const messages = body as MessagesBody;
  const last = messages.messages[messages.messages.length - 1];
  return {
    maxTokens: messages.max_tokens,
    temperature: messages.temperature,
    topP: messages.top_p,
    stop: messages.stop_sequences,
    user: messages.metadata?.user_id,
    json: last?.role === 'assistant' && last.content === '{' && (messages.system ?? '').includes('JSON'),
    stream: messages.stream === true,
  };
}
