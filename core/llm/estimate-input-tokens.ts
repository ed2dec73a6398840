import type { ModelRequest } from './spec/model-request.js';

// Chat formats wrap each message in a few special tokens (role markers, separators).
const tokensPerMessage = 8;
const tokensPerRequest = 16;

function promptBytes(request: ModelRequest): number {
  let bytes = request.system ? Buffer.byteLength(request.system) : 0;
  for (const message of request.messages) bytes += Buffer.byteLength(message.content);
  return bytes;
}

function framingTokens(request: ModelRequest): number {
  return tokensPerRequest + tokensPerMessage * (request.messages.length + (request.system ? 1 : 0));
}

/**
 * A bound no tokenizer exceeds: byte-level BPE tokenizers (OpenAI, Anthropic, Llama) never make a token of
 * less than one byte, so prompt tokens ≤ UTF-8 bytes + framing. Budgets reserve against this bound so that
 * settled spend cannot pass a limit.
 */
export function upperBoundInputTokens(request: ModelRequest): number {
  return promptBytes(request) + framingTokens(request);
}

/** A typical estimate (about four bytes a token for English and code), for context-window and price ordering. */
export function estimateInputTokens(request: ModelRequest): number {
  return Math.ceil(promptBytes(request) / 4) + framingTokens(request);
}
