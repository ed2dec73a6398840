import type { GitHubAnswer } from './github-exchange.js';
import { errorBody } from './github-json.js';
import type { FakeTimingBehavior } from './start-fake-rest-api.js';

/** What the stand-in does with one call to a scripted route, instead of (or before) answering normally. */
export type FakeGitHubBehavior =
  /** 403 "You have exceeded a secondary rate limit" with `retry-after` (default 1 second). */
  | { kind: 'secondary-rate-limit'; retryAfter?: number }
  /** 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0` and a reset `resetInSeconds` from now. */
  | { kind: 'rate-limit'; resetInSeconds?: number }
  /** 502 with the HTML page GitHub's edge returns. */
  | { kind: 'bad-gateway' }
  /** Any status; `body` replaces GitHub's generic error body. */
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  /** `hang`, `slow` or `pass`. */
  | FakeTimingBehavior;

const rateLimitDocumentation = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/** The page GitHub's edge serves when the API behind it fails. */
export const badGatewayPage =
  '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n';

/** The answer a scripted failure gives, or undefined when the call should be answered normally. */
export function githubFailure(behavior: FakeGitHubBehavior): GitHubAnswer | undefined {
  switch (behavior.kind) {
    case 'secondary-rate-limit':
      return {
        status: 403,
        json: errorBody(
          403,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:0000.',
          `${rateLimitDocumentation}#about-secondary-rate-limits`,
        ),
        headers: { 'retry-after': String(behavior.retryAfter ?? 1) },
      };
    case 'rate-limit': {
      const reset = Math.floor(Date.now() / 1000) + (behavior.resetInSeconds ?? 1);
      return {
        status: 403,
        json: errorBody(403, 'API rate limit exceeded for installation.', rateLimitDocumentation),
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(reset),
        },
      };
    }
    case 'bad-gateway':
      return { status: 502, text: badGatewayPage, contentType: 'text/html' };
    case 'error':
      return {
        status: behavior.status,
        json: behavior.body ?? errorBody(behavior.status, genericMessages[behavior.status] ?? 'Server Error'),
        headers: behavior.headers,
      };
    default:
      return undefined;
  }
}

const genericMessages: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Server Error',
  503: 'Service Unavailable',
};
