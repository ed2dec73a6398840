import { GitLabError, type GitLabErrorCode } from './gitlab-error.js';
import { isGitLabRequestError } from './gitlab-request-error.js';

// GitLab's throttles always send Retry-After; when a proxy's 429 names no wait, a minute is a safe guess.
const rateLimitFallbackMs = 60_000;

/** True when `error` is GitLab's answer with `status`. */
export function hasGitLabStatus(error: unknown, status: number): boolean {
  return isGitLabRequestError(error) && error.answered && error.status === status;
}

/** True for failures worth trying again at once: GitLab's 5xx, a dropped connection, a timeout. */
export function isTransientGitLabError(error: unknown): boolean {
  return isGitLabRequestError(error) && error.status >= 500;
}

/** How long GitLab asked to wait after a 429: `Retry-After` (seconds or a date), else `RateLimit-Reset`. */
export function readGitLabRateLimitWait(headers: Record<string, string>): number {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  const reset = Number(headers['ratelimit-reset']) * 1000;
  if (headers['ratelimit-reset'] !== undefined && Number.isFinite(reset)) {
    return Math.max(1000, reset - Date.now() + 1000);
  }
  return rateLimitFallbackMs;
}

/**
 * Maps what a gitbeaker call threw to a GitLabError with a code, `retryable` and, for rate limits,
 * `retryAfterMs`; `action` says what was being done ("read merge request acme/api!3"). Anything that is not a
 * GitLab answer is returned as is. Messages carry GitLab's message, never a header or the token.
 */
export function mapGitLabError(error: unknown, action: string): Error {
  if (error instanceof GitLabError) return error;
  if (!isGitLabRequestError(error)) return error instanceof Error ? error : new Error(String(error));
  const status = error.status;
  const build = (
    code: GitLabErrorCode,
    summary: string,
    extra: { retryable?: boolean; retryAfterMs?: number } = {},
  ) =>
    new GitLabError({
      code,
      message: `GitLab: could not ${action}: ${summary}${error.answered ? ` (HTTP ${status})` : ''}${error.description ? `: ${error.description}` : ''}`,
      status: code === 'gitlab.rate_limited' || code === 'gitlab.unavailable' ? 503 : 502,
      cause: error,
      gitlabStatus: error.answered ? status : undefined,
      ...extra,
    });

  if (!error.answered) return build('gitlab.unavailable', 'could not reach GitLab', { retryable: true });
  if (status === 429) {
    return build('gitlab.rate_limited', 'rate limited by GitLab, retry later', {
      retryable: true,
      retryAfterMs: readGitLabRateLimitWait(error.headers),
    });
  }
  if (status === 401) {
    return build(
      'gitlab.auth_failed',
      'GitLab refused the token: check GITLAB_TOKEN (a personal, group or project access token with the `api` scope that has not expired) and GITLAB_URL',
    );
  }
  if (status === 403) {
    return build(
      'gitlab.forbidden',
      "the token's user may not do this: give it the Developer role (Reporter can only read) on the project or its group",
    );
  }
  if (status === 404) return build('gitlab.not_found', 'not found, or not visible to the token');
  if (status === 409 || status === 422) return build('gitlab.unprocessable', 'GitLab refused the request');
  if (status >= 500) return build('gitlab.unavailable', 'GitLab failed to answer', { retryable: true });
  return build('gitlab.request_failed', 'GitLab refused the request');
}

/** Runs one GitLab call and maps what it throws (see mapGitLabError). */
export async function withGitLabErrors<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapGitLabError(error, action);
  }
}
