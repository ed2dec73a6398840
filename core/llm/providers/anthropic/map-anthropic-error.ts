import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
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

/** Maps anything the Anthropic SDK (or the stream it returned) threw to a ProviderError. */
export function mapAnthropicError(
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
  const detail = error.apiMessage ?? error.message;
  const contextLength = isContextLengthError(error.errorCode, detail);
  let reason: ProviderErrorReason;
  // `overloaded_error` means overloaded whatever the status (529, or a 5xx from a proxy in between).
  if (error.type === 'overloaded_error') reason = 'overloaded';
  // No status: an `event: error` in the middle of a stream, classified by its type.
  else if (error.status === undefined) reason = mapErrorType(error.type, contextLength);
  else reason = mapStatusToReason(error.status, contextLength);
  return createProviderError(context, {
    reason,
    detail,
    upstreamStatus: error.status,
    retryAfterMs: parseRetryAfter(error.headers),
    cause: error,
  });
}

function mapErrorType(type: string | null, contextLength: boolean): ProviderErrorReason {
  switch (type) {
    case 'rate_limit_error':
      return 'rate_limited';
    case 'timeout_error':
      return 'timeout';
    case 'authentication_error':
    case 'permission_error':
    case 'billing_error':
      return 'auth_failed';
    case 'not_found_error':
      return 'not_found';
    case 'invalid_request_error':
      return contextLength ? 'context_length' : 'bad_request';
    default:
      return 'server_error';
  }
}
