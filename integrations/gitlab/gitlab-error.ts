import { SwitchyardError, type SwitchyardErrorOptions } from '../../core/errors/switchyard-error.js';

/** Codes of the errors the GitLab integration throws. */
export type GitLabErrorCode =
  | 'gitlab.auth_failed'
  | 'gitlab.forbidden'
  | 'gitlab.not_found'
  | 'gitlab.rate_limited'
  | 'gitlab.unavailable'
  | 'gitlab.unprocessable'
  | 'gitlab.request_failed'
  | 'gitlab.invalid_options'
  | 'gitlab.invalid_reply_target'
  | 'gitlab.invalid_project';

/**
 * A failed GitLab call. `retryAfterMs` (from `retry-after` or `ratelimit-reset`) is read by the job backoff,
 * so a rate-limited job waits as long as GitLab asked before its next attempt.
 */
export class GitLabError extends SwitchyardError {
  declare readonly code: GitLabErrorCode;
  readonly retryAfterMs?: number;
  /** The HTTP status GitLab answered (undefined for a connection failure or a timeout). */
  readonly gitlabStatus?: number;

  constructor(
    options: SwitchyardErrorOptions & { code: GitLabErrorCode; retryAfterMs?: number; gitlabStatus?: number },
  ) {
    super(options);
    this.name = 'GitLabError';
    this.retryAfterMs = options.retryAfterMs;
    this.gitlabStatus = options.gitlabStatus;
  }
}
