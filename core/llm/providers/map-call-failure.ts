import type { ProviderError } from '../spec/provider-error.js';
import { createProviderError, type ProviderErrorContext } from './create-provider-error.js';
import { isErrorLike } from './is-error-like.js';
import { mapAbortToReason } from './map-status-to-reason.js';

/** Whether a failure happened before the response (or the whole JSON body) arrived, or while reading a stream. */
export type CallPhase = 'request' | 'stream';

/**
 * The error for a call whose signal fired. Checked before anything else: once aborted, the SDKs report whatever
 * broke (a user-abort error, a read error, or a stream that just ends), and only the signal says why.
 */
export function mapAbortedCall(
  context: ProviderErrorContext,
  signal: AbortSignal,
  cause?: unknown,
): ProviderError {
  const reason = mapAbortToReason(signal);
  return createProviderError(context, {
    reason,
    summary: reason === 'timeout' ? 'the call timed out (its deadline passed)' : undefined,
    cause,
  });
}

/** Errors that are not the SDK's own: a body that is not JSON, or a connection that broke while reading. */
export function mapUnknownFailure(
  error: unknown,
  context: ProviderErrorContext,
  phase: CallPhase,
): ProviderError {
  const detail = isErrorLike(error) ? error.message : String(error);
  // By name, not instanceof: the SyntaxError may come from another realm (the fetch implementation's).
  if (isErrorLike(error) && error.name === 'SyntaxError') {
    return createProviderError(context, { reason: 'malformed_response', detail, cause: error });
  }
  return createProviderError(context, {
    reason: phase === 'stream' ? 'stream_interrupted' : 'connection',
    detail,
    cause: error,
  });
}

/** The deepest cause's code or message of a connection failure (`ECONNREFUSED` says more than "fetch failed"). */
export function describeConnectionFailure(error: Error): string {
  let current: unknown = error;
  let detail = error.message;
  for (let depth = 0; depth < 4 && isErrorLike(current); depth += 1) {
    const code = (current as { code?: unknown }).code;
    detail = typeof code === 'string' ? `${current.message} (${code})` : current.message;
    current = current.cause;
  }
  return detail;
}
