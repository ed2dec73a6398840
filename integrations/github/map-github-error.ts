import { GitHubError, type GitHubErrorCode } from './github-error.js';

/** What Octokit's RequestError carries (recognised by shape: its class is not a direct dependency). */
export interface GitHubRequestError extends Error {
  status: number;
  request?: { method?: string; url?: string };
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

// GitHub asks to wait at least a minute after a secondary rate limit that names no retry-after.
const secondaryRateLimitFallbackMs = 60_000;
const maximumDetailLength = 300;

/** True when `error` is Octokit's RequestError (an HTTP answer, or status 500 for a failed connection). */
export function isGitHubRequestError(error: unknown): error is GitHubRequestError {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/** True when `error` is GitHub's answer with `status`. */
export function hasGitHubStatus(error: unknown, status: number): boolean {
  return isGitHubRequestError(error) && error.status === status;
}

/** True for failures worth trying again at once: GitHub's 5xx, a dropped connection, a timeout. */
export function isTransientGitHubError(error: unknown): boolean {
  return isGitHubRequestError(error) && error.status >= 500;
}

/**
 * Maps what an Octokit call threw to a GitHubError with a code, `retryable` and, for rate limits,
 * `retryAfterMs`; `action` says what was being done ("read pull request acme/widgets#3"). Anything that is not
 * a GitHub answer is returned as is. Messages carry GitHub's message, never a header or a token.
 */
export function mapGitHubError(error: unknown, action: string): Error {
  if (error instanceof GitHubError) return error;
  if (!isGitHubRequestError(error)) return error instanceof Error ? error : new Error(String(error));
  const status = error.status;
  const headers = error.response?.headers ?? {};
  const detail = describeGitHubAnswer(error);
  const build = (
    code: GitHubErrorCode,
    summary: string,
    extra: { retryable?: boolean; retryAfterMs?: number },
  ) =>
    new GitHubError({
      code,
      message: `GitHub: could not ${action}: ${summary}${error.response ? ` (HTTP ${status})` : ''}${detail ? `: ${detail}` : ''}`,
      status: code === 'github.rate_limited' || code === 'github.unavailable' ? 503 : 502,
      cause: error,
      githubStatus: status,
      ...extra,
    });

  const rateLimitWait = readRateLimitWait(status, headers, detail);
  if (rateLimitWait !== undefined) {
    return build('github.rate_limited', 'rate limited by GitHub, retry later', {
      retryable: true,
      retryAfterMs: rateLimitWait,
    });
  }
  const tokenExchange = /\/app\/installations\/[^/]+\/access_tokens/.test(error.request?.url ?? '');
  if (status === 401 || (tokenExchange && status < 500)) {
    return build(
      'github.auth_failed',
      "GitHub refused the app's credentials: check the GitHub App ID and private key, and that the app is still installed on this account",
      {},
    );
  }
  if (status === 403) {
    return build(
      'github.forbidden',
      'the GitHub App may not do this: check its permissions (contents: read, pull requests and issues: write) and the repositories it is installed on',
      {},
    );
  }
  if (status === 404 || status === 410) {
    return build('github.not_found', 'not found, or not visible to the GitHub App installation', {});
  }
  if (status === 422) return build('github.unprocessable', 'GitHub refused the request', {});
  if (status >= 500) {
    const summary = status === 500 && !error.response ? 'could not reach GitHub' : 'GitHub failed to answer';
    return build('github.unavailable', summary, { retryable: true });
  }
  return build('github.request_failed', 'GitHub refused the request', {});
}

/** Runs one GitHub call and maps what it throws (see mapGitHubError). */
export async function withGitHubErrors<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapGitHubError(error, action);
  }
}

/** How long GitHub asked to wait, when the answer is a primary or secondary rate limit. */
function readRateLimitWait(
  status: number,
  headers: Record<string, string | number | undefined>,
  detail: string,
): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter))
    return Math.max(0, retryAfter * 1000);
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    return Number.isFinite(reset) ? Math.max(1000, reset - Date.now() + 1000) : secondaryRateLimitFallbackMs;
  }
  if (status === 429 || /secondary rate limit|abuse/i.test(detail)) return secondaryRateLimitFallbackMs;
  return undefined;
}

/** GitHub's `message` and validation `errors`, bounded (the body may be a whole HTML page). */
function describeGitHubAnswer(error: GitHubRequestError): string {
  const data = error.response?.data;
  if (typeof data === 'object' && data !== null) {
    const { message, errors } = data as { message?: unknown; errors?: unknown };
    const parts = [typeof message === 'string' ? message : '', ...describeValidationErrors(errors)];
    return parts.filter(Boolean).join('; ').slice(0, maximumDetailLength);
  }
  if (typeof data === 'string' && data.trim() !== '' && !data.trimStart().startsWith('<')) {
    return data.trim().slice(0, maximumDetailLength);
  }
  if (error.response) return '';
  // No answer: a dropped connection or a timeout, described by the fetch error Octokit keeps as `cause`
  // (its own message is "Unknown Error" when that error comes from another realm, as under jest).
  const cause = (error as { cause?: unknown }).cause;
  const causeMessage =
    typeof cause === 'object' && cause !== null ? (cause as { message?: unknown }).message : undefined;
  const message =
    error.message === 'Unknown Error' && typeof causeMessage === 'string' ? causeMessage : error.message;
  return message.slice(0, maximumDetailLength);
}

/** GitHub's `errors`: strings, or objects with a `message` or a `code` and `field`. */
export function describeValidationErrors(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((entry) => {
    if (typeof entry === 'string') return entry;
    if (typeof entry !== 'object' || entry === null) return String(entry);
    const { message, code, field } = entry as { message?: unknown; code?: unknown; field?: unknown };
    if (typeof message === 'string') return message;
    return [field, code].filter((part) => typeof part === 'string').join(' ');
  });
}
