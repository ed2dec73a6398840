import { Gitlab } from '@gitbeaker/rest';
import { pino } from 'pino';
import { z } from 'zod';
import type { Logger } from '../../core/logging/create-logger.js';
import type { RetryPolicy } from '../create-idempotently.js';
import { createGitLabRequester } from './create-gitlab-requester.js';
import { GitLabError } from './gitlab-error.js';
import { withGitLabErrors } from './map-gitlab-error.js';

/** The options of the GitLab client; every knob has a production default. */
export const gitlabClientOptionsSchema = z.object({
  /** GITLAB_URL: `https://gitlab.com`, or a self-managed instance's root (without `/api/v4`). */
  host: z.url().default('https://gitlab.com'),
  /** GITLAB_TOKEN: an access token with the `api` scope; its user is the one that posts. */
  token: z.string().min(1),
  /** Retries of an idempotent call answered with a 5xx (or a dropped connection, or a timeout). */
  requestRetries: z.number().int().min(0).default(3),
  /** The n-th retry of a 5xx waits `retryBaseDelayMs × n²` (1, 4, 9 s). */
  retryBaseDelayMs: z.number().int().min(0).default(1000),
  /** How often a call answered 429 is retried after waiting as long as GitLab asked. */
  rateLimitRetries: z.number().int().min(0).default(1),
  /**
   * The longest GitLab-requested wait slept through inside a call, in seconds. A longer one fails the call with
   * `gitlab.rate_limited` and `retryAfterMs`, and the job queue waits instead.
   */
  maximumRateLimitWaitSeconds: z.number().min(0).default(60),
  /** One attempt that has not answered after this long is abandoned (and retried when idempotent). */
  requestTimeoutMs: z.number().int().positive().default(30_000),
});

/** What createGitLabClient takes: the validated options and a logger (silent by default). */
export type GitLabClientOptions = z.input<typeof gitlabClientOptionsSchema> & { logger?: Logger };

/** The user the token acts as: the author of every note Switchyard posts. */
export interface GitLabTokenUser {
  id: number;
  username: string;
}

/** A gitbeaker client for one GitLab instance and token, with our retries. */
export interface GitLabClient {
  readonly api: Gitlab;
  /** The token's user (`GET /user`), asked once and cached. */
  tokenUser(): Promise<GitLabTokenUser>;
  /** The 5xx retry policy, for creations that retry themselves (see createIdempotently). */
  readonly retryPolicy: RetryPolicy;
  /** The instance's root, e.g. `https://gitlab.com`. */
  readonly host: string;
}

/** Creates the GitLab client: gitbeaker's resources over our requester (rate limits, retries, timeouts). */
export function createGitLabClient(options: GitLabClientOptions): GitLabClient {
  const parsed = gitlabClientOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new GitLabError({
      code: 'gitlab.invalid_options',
      message: `Invalid GitLab client options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    });
  }
  const settings = parsed.data;
  const logger = options.logger ?? pino({ level: 'silent' });
  const host = settings.host.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const api = new Gitlab({
    host,
    token: settings.token,
    // Each attempt has its own timeout in the requester; gitbeaker's would span all retries and waits.
    queryTimeout: null,
    requesterFn: createGitLabRequester({ ...settings, logger }),
  });

  let tokenUser: Promise<GitLabTokenUser> | undefined;
  return {
    api,
    host,
    retryPolicy: { retries: settings.requestRetries, baseDelayMs: settings.retryBaseDelayMs },
    tokenUser() {
      tokenUser ??= withGitLabErrors("read the token's user (GET /user)", async () => {
        const user = await api.Users.showCurrentUser();
        return { id: user.id, username: user.username };
      });
      tokenUser.catch(() => {
        tokenUser = undefined;
      });
      return tokenUser;
    },
  };
}
