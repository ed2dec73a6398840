import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ProviderErrorReason } from '../../spec/provider-error.js';
import { ProviderError, parseRetryAfter } from '../../spec/provider-error.js';
import { createProviderError, type ProviderErrorContext } from '../create-provider-error.js';
import {
  type CallPhase,
  describeConnectionFailure,
  mapAbortedCall,
  mapUnknownFailure,
} from '../map-call-failure.js';
import { isContextLengthError, mapStatusToReason } from '../map-status-to-reason.js';

/** Maps anything the OpenAI SDK (or the stream it returned) threw to a ProviderError. */
export function mapOpenAIError(
  error: unknown,
  context: ProviderErrorContext,
  signal: AbortSignal | undefined,
  phase: CallPhase,
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted) return mapAbortedCall(context, signal, error);
  if (error instanceof APIUserAbortError)
    return createProviderError(context, { reason: 'aborted', cause: error });
  if (error instanceof APIConnectionTimeoutError) {
    return createProviderError(context, { reason: 'timeout', detail: error.message, cause: error });
  }
  if (error instanceof APIConnectionError) {
    return createProviderError(context, {
      reason: 'connection',
      detail: describeConnectionFailure(error),
      cause: error,
    });
  }
  if (error instanceof APIError) return mapAPIError(error, context);
  return mapUnknownFailure(error, context, phase);
}

function mapAPIError(error: APIError, context: ProviderErrorContext): ProviderError {
  const body = error.error as { message?: unknown; type?: unknown } | undefined;
  const detail = typeof body?.message === 'string' ? body.message : error.message;
  const contextLength = isContextLengthError(error.code, detail);
  // No status: an `{"error": …}` event in the middle of a stream, classified by its type.
  const reason =
    error.status === undefined
      ? mapStreamErrorType(error.type ?? error.code, contextLength)
      : mapStatusToReason(error.status, contextLength);
  return createProviderError(context, {
    reason,
    detail,
    upstreamStatus: error.status,
    retryAfterMs: parseRetryAfter(error.headers),
    cause: error,
  });
}

function mapStreamErrorType(type: string | null | undefined, contextLength: boolean): ProviderErrorReason {
  if (contextLength) return 'context_length';
  switch (type) {
    case 'rate_limit_exceeded':
    case 'rate_limit_error':
    case 'requests':
    case 'tokens':
      return 'rate_limited';
    case 'overloaded_error':
      return 'overloaded';
    case 'invalid_request_error':
      return 'bad_request';
    default:
      return 'server_error';
  }
}
