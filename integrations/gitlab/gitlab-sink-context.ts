import type { Logger } from '../../core/logging/create-logger.js';
import type { RetryPolicy } from '../create-idempotently.js';
import type { GitLabMergeRequestScope } from './create-gitlab-change-source.js';

/** What the result sink's parts share: the merge request, the token's user, the retry policy, a logger. */
export interface GitLabSinkContext extends GitLabMergeRequestScope {
  logger: Logger;
  retryPolicy: RetryPolicy;
  /** True when `author` is the token's user (its own notes, discussions and award emoji). */
  isOwn(author: { id: number } | null | undefined): boolean;
  /** `project!iid`, for messages and logs. */
  label: string;
}
