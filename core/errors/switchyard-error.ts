/** Options every Switchyard error carries. */
export interface SwitchyardErrorOptions {
  /** Namespaced machine-readable code, e.g. `llm.rate_limited`, `budget.exceeded`. */
  code: string;
  message: string;
  /** Whether trying the same work again later may succeed. */
  retryable?: boolean;
  /** HTTP status to answer with when this error reaches an API edge. */
  status?: number;
  cause?: unknown;
}

/** The one base error of Switchyard: a namespaced code, a user-facing message, a cause and `retryable`. */
export class SwitchyardError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number;

  constructor(options: SwitchyardErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchyardError';
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.status = options.status ?? 500;
  }
}

/** True when `error` is a SwitchyardError (also across module copies, by shape). */
export function isSwitchyardError(error: unknown): error is SwitchyardError {
  return error instanceof SwitchyardError;
}
