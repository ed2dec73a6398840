import type { ProviderErrorReason } from '../spec/provider-error.js';

// Providers word "the prompt does not fit" differently and not all send a code: OpenAI says "maximum context
// length", Anthropic "prompt is too long", vLLM and Groq "too many tokens", others "context window/length".
const contextLengthPattern =
  /maximum context length|prompt is too long|too many tokens|context[ _-](length|window)|exceeds? (the )?context/i;

/** True when an upstream error code or message says the prompt does not fit the model's context window. */
export function isContextLengthError(code: unknown, message: unknown): boolean {
  if (code === 'context_length_exceeded') return true;
  return typeof message === 'string' && contextLengthPattern.test(message);
}

/** Maps an upstream HTTP status to the router's reason; `contextLength` refines the 4xx request errors. */
export function mapStatusToReason(status: number, contextLength: boolean): ProviderErrorReason {
  if (status === 429) return 'rate_limited';
  // 402 is a billing refusal: this account cannot be used, but another provider can, as with a bad key.
  if (status === 401 || status === 402 || status === 403) return 'auth_failed';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'server_error';
  if (status === 529) return 'overloaded';
  if (status >= 500) return 'server_error';
  return contextLength ? 'context_length' : 'bad_request';
}

/** Whether an aborted call was cut by a deadline (`AbortSignal.timeout`, a `TimeoutError` reason) or by its caller. */
export function mapAbortToReason(signal: AbortSignal): 'timeout' | 'aborted' {
  const reason: unknown = signal.reason;
  return typeof reason === 'object' &&
    reason !== null &&
    (reason as { name?: unknown }).name === 'TimeoutError'
    ? 'timeout'
    : 'aborted';
}
