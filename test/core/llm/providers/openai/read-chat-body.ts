import type { WireView } from '../conformance-target.js';

/** The chat.completions fields the tests look at. */
export interface ChatBody {
  max_completion_tokens?: number;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  user?: string;
  response_format?: { type: string };
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages: Array<{ role: string; content: string }>;
}

/** Reads a chat.completions body back into the normalized request fields. */
export function readChatBody(
  body: unknown,
  maxTokensField: 'max_completion_tokens' | 'max_tokens',
): WireView {
  const chat = body as ChatBody;
  return {
    maxTokens: chat[maxTokensField],
    temperature: chat.temperature,
    topP: chat.top_p,
    stop: chat.stop,
    user: chat.user,
    json: chat.response_format?.type === 'json_object',
    stream: chat.stream === true,
  };
}
