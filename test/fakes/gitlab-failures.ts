import type { GitLabAnswer } from './gitlab-exchange.js';
import { errorBody } from './gitlab-json.js';
import type { FakeTimingBehavior } from './start-fake-rest-api.js';

/** What the stand-in does with one call to a scripted route, instead of (or before) answering normally. */
export type FakeGitLabBehavior =
  /** 429 "Retry later" from GitLab's throttle, with `Retry-After` (default 1 second) and `RateLimit-*` headers. */
  | { kind: 'rate-limit'; retryAfter?: number }
  /** 502 with the page GitLab's Workhorse serves when Puma does not answer. */
  | { kind: 'bad-gateway' }
  /** Any status; `body` replaces GitLab's `{"message":"<status> <reason>"}`. */
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  /** `hang`, `slow` or `pass`. */
  | FakeTimingBehavior;

/** The page GitLab serves on a 502. */
export const badGatewayPage =
  '<!DOCTYPE html>\n<html>\n<head><title>Something went wrong (502)</title></head>\n<body><h1>502</h1><h3>Whoops, GitLab is taking too much time to respond.</h3></body>\n</html>\n';

const reasons: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The answer a scripted failure gives, or undefined when the call should be answered normally. */
export function gitlabFailure(behavior: FakeGitLabBehavior): GitLabAnswer | undefined {
  switch (behavior.kind) {
    case 'rate-limit': {
      const retryAfter = behavior.retryAfter ?? 1;
      const reset = Math.floor(Date.now() / 1000) + retryAfter;
      return {
        status: 429,
        text: 'Retry later\n',
        contentType: 'text/plain',
        headers: {
          'retry-after': String(retryAfter),
          'ratelimit-name': 'throttle_authenticated_api',
          'ratelimit-limit': '2000',
          'ratelimit-observed': '2001',
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(reset),
          'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
        },
      };
    }
    case 'bad-gateway':
      return { status: 502, text: badGatewayPage, contentType: 'text/html; charset=utf-8' };
    case 'error':
      return {
        status: behavior.status,
        json: behavior.body ?? errorBody(`${behavior.status} ${reasons[behavior.status] ?? 'Error'}`),
        headers: behavior.headers,
      };
    default:
      return undefined;
  }
}
