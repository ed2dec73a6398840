import { SwitchyardError } from '../../errors/switchyard-error.js';

/** Why a provider call failed, in the router's terms. */
export type ProviderErrorReason =
  | 'rate_limited'
  | 'server_error'
  | 'overloaded'
  | 'timeout'
  | 'connection'
  | 'context_length'
  | 'bad_request'
  | 'auth_failed'
  | 'not_found'
  | 'malformed_response'
  | 'stream_interrupted'
  | 'aborted';

/** Statuses on which a call may be tried again or on another provider (408/409/429/5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const retryableReasons: ReadonlySet<ProviderErrorReason> = new Set([
  'rate_limited',
  'server_error',
  'overloaded',
  'timeout',
  'connection',
  'malformed_response',
  'stream_interrupted',
]);

/** Every provider failure, mapped to one shape: code `llm.<reason>`, `retryable`, `status`, `provider`. */
export class ProviderError extends SwitchyardError {
  readonly provider: string;
  readonly model: string;
  readonly reason: ProviderErrorReason;
  /** Upstream HTTP status, when there was a response. */
  readonly upstreamStatus?: number;
  /** From `retry-after` / `retry-after-ms`, when the provider sent one. */
  readonly retryAfterMs?: number;

  constructor(options: {
    provider: string;
    model: string;
    reason: ProviderErrorReason;
    message: string;
    upstreamStatus?: number;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super({
      code: `llm.${options.reason}`,
      message: options.message,
      retryable: retryableReasons.has(options.reason),
      status: options.upstreamStatus ?? 502,
      cause: options.cause,
    });
    this.name = 'ProviderError';
    this.provider = options.provider;
    this.model = options.model;
    this.reason = options.reason;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Parses `retry-after-ms`, then `retry-after` (seconds or an HTTP date), into milliseconds. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
