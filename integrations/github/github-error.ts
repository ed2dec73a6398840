import { SwitchyardError, type SwitchyardErrorOptions } from '../../core/errors/switchyard-error.js';

/** Codes of the errors the GitHub integration throws. */
export type GitHubErrorCode =
  | 'github.auth_failed'
  | 'github.forbidden'
  | 'github.not_found'
  | 'github.rate_limited'
  | 'github.unavailable'
  | 'github.unprocessable'
  | 'github.request_failed'
  | 'github.invalid_options'
  | 'github.invalid_reply_target'
  | 'github.invalid_repository';

/**
 * A failed GitHub call. `retryAfterMs` (from `retry-after` or `x-ratelimit-reset`) is read by the job backoff,
 * so a rate-limited job waits as long as GitHub asked before its next attempt.
 */
export class GitHubError extends SwitchyardError {
  declare readonly code: GitHubErrorCode;
  readonly retryAfterMs?: number;
  /** The HTTP status GitHub answered (500 for a connection failure or a timeout). */
  readonly githubStatus?: number;

  constructor(
    options: SwitchyardErrorOptions & { code: GitHubErrorCode; retryAfterMs?: number; githubStatus?: number },
  ) {
    super(options);
    this.name = 'GitHubError';
    this.retryAfterMs = options.retryAfterMs;
    this.githubStatus = options.githubStatus;
  }
}
