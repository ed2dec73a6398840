import { ProviderError, type ProviderErrorReason } from '../spec/provider-error.js';
import { redactErrorInPlace, redactSecrets } from './redact-secrets.js';

/** Who failed: what every adapter knows when it maps an error. */
export interface ProviderErrorContext {
  provider: string;
  model: string;
  /** Values that must never appear in an error message (API key, secret headers). */
  secrets: readonly string[];
}

// Lead with what happened and what to do: the router keeps only the first 300 characters of each attempt's message.
// An upstream detail can be a whole HTML error page; a bounded message is enough to say what went wrong.
const maximumDetailLength = 500;
const summaries: Record<ProviderErrorReason, string> = {
  rate_limited: 'rate limited by the provider',
  server_error: 'the provider failed to answer',
  overloaded: 'the provider is overloaded',
  timeout: 'the call timed out',
  connection: 'could not reach the provider: check its base URL and the network',
  context_length:
    "the prompt does not fit the model's context window: shorten it or use a larger-context model",
  bad_request: 'the provider rejected the request',
  auth_failed: 'the provider refused the credentials: check the API key configured for this provider',
  not_found: 'the provider does not know this model or endpoint: check the model name and base URL',
  malformed_response: 'the provider sent a response that could not be parsed',
  stream_interrupted: 'the stream ended before its final event',
  aborted: 'the call was aborted by its caller',
};

/** Builds the one ProviderError shape with a message that names the model and never contains a secret. */
export function createProviderError(
  context: ProviderErrorContext,
  failure: {
    reason: ProviderErrorReason;
    /** Replaces the reason's standard summary when the adapter knows better. */
    summary?: string;
    detail?: string;
    upstreamStatus?: number;
    retryAfterMs?: number;
    cause?: unknown;
  },
): ProviderError {
  let message = `${context.provider}:${context.model}: ${failure.summary ?? summaries[failure.reason]}`;
  if (failure.upstreamStatus !== undefined) message += ` (HTTP ${failure.upstreamStatus})`;
  if (failure.retryAfterMs !== undefined)
    message += `, retry after ${Math.ceil(failure.retryAfterMs / 1000)}s`;
  if (failure.detail) message += `: ${failure.detail.slice(0, maximumDetailLength)}`;
  if (failure.cause !== undefined) redactErrorInPlace(failure.cause, context.secrets);
  return new ProviderError({
    provider: context.provider,
    model: context.model,
    reason: failure.reason,
    message: redactSecrets(message, context.secrets),
    upstreamStatus: failure.upstreamStatus,
    retryAfterMs: failure.retryAfterMs,
    cause: failure.cause,
  });
}
