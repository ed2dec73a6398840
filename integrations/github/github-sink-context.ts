import type { Logger } from '../../core/logging/create-logger.js';
import type { RetryPolicy } from '../create-idempotently.js';
import type { GitHubPullRequestScope } from './create-github-change-source.js';

/** What the result sink's parts share: the pull request, the bot's identity, the retry policy, a logger. */
export interface GitHubSinkContext extends GitHubPullRequestScope {
  logger: Logger;
  retryPolicy: RetryPolicy;
  /** True when `user` is the app's bot (its own comments, reviews and reactions). */
  isBot(user: { login: string } | null | undefined): boolean;
}
