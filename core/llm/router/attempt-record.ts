/** Why a candidate was passed over without a call. */
export type SkipReason =
  | 'breaker_open'
  | 'cooling_down'
  | 'rate_limited'
  | 'context_window'
  | 'not_allowed'
  | 'no_credentials'
  | 'no_price'
  | 'budget'
  | 'deadline';

/** One line of the router's log for a request: a candidate tried or skipped, and why. */
export interface AttemptRecord {
  candidate: string;
  outcome: 'success' | 'failed' | 'skipped' | 'cache_hit';
  skipReason?: SkipReason;
  /** For failures: the ProviderError code, e.g. `llm.rate_limited`. */
  errorCode?: string;
  status?: number;
  message?: string;
  latencyMs?: number;
  retryAfterMs?: number;
  /** True when this call was the half-open probe of an open breaker. */
  probe?: boolean;
}
